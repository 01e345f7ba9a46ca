package dev.budgetsync.domain;

import java.util.List;

/**
 * Which stored events a history page shows; each field null for no filter. {@code createdGte} and
 * {@code createdLt} bound the event's {@code created}, in unix seconds; {@code accounts} are those of
 * the caller's key.
 */
public record EventFilter(String type, String outcome, String account, Long createdGte, Long createdLt,
                          List<String> accounts) {
}
