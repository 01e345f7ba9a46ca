package dev.budgetsync.domain;

/**
 * Which stored events a history page shows; each field null for no filter. {@code createdGte} and
 * {@code createdLt} bound the event's {@code created}, in unix seconds.
 */
public record EventFilter(String type, String outcome, String account, Long createdGte, Long createdLt) {
}
