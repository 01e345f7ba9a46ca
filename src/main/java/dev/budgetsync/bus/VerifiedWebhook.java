package dev.budgetsync.bus;

import io.vertx.core.buffer.Buffer;

/**
 * An event whose origin was verified: the exact bytes as received, which billing parses, once, and
 * stores as they are. {@code source} says how it came: {@link #WEBHOOK}, a body whose
 * {@code Stripe-Signature} matched; or {@link #API}, an item of Stripe's Events API, read over TLS
 * with the secret key by reconciliation.
 */
public record VerifiedWebhook(Buffer body, String source) {
  public static final String WEBHOOK = "webhook";
  public static final String API = "api";

  public VerifiedWebhook {
    if (!WEBHOOK.equals(source) && !API.equals(source)) {
      throw new IllegalArgumentException("source must be webhook or api");
    }
  }
}
