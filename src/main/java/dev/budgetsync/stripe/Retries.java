package dev.budgetsync.stripe;

/**
 * How {@link StripeApi} retries: at most {@code attempts} tries of a request, each cut off after
 * {@code requestTimeoutMs}; between tries the wait Stripe names in {@code Retry-After} (up to
 * {@code maxRetryAfterMs}), else an exponential backoff from {@code firstBackoffMs} to
 * {@code maxBackoffMs} with jitter, so that instances that failed together do not retry together.
 */
public record Retries(int attempts, long firstBackoffMs, long maxBackoffMs, long maxRetryAfterMs,
                      long requestTimeoutMs) {
  /** Five tries within about 8 s of backoff; 30 s per request (a page of 100 events is a few hundred KB). */
  public static final Retries DEFAULT = new Retries(5, 500, 4000, 60_000, 30_000);

  public Retries {
    if (attempts < 1 || firstBackoffMs < 0 || maxBackoffMs < firstBackoffMs || requestTimeoutMs < 1) {
      throw new IllegalArgumentException("invalid retry settings");
    }
  }
}
