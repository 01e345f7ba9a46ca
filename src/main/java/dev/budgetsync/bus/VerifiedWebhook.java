package dev.budgetsync.bus;

import io.vertx.core.buffer.Buffer;

/**
 * A webhook body whose {@code Stripe-Signature} was verified: the exact bytes as received, which
 * billing parses, once, and stores as they are.
 */
public record VerifiedWebhook(Buffer body) {
}
