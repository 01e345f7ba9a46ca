package dev.budgetsync.notify;

import java.util.random.RandomGenerator;

/**
 * When to try a delivery again: the first retry after {@code firstRetryMs}, each later one after
 * twice the one before, at most {@link #MAX_DELAY_MS}; each delay is drawn between half of it and
 * all of it, so that receivers that come back are not hit by every sender at the same moment.
 */
final class Backoff {
  static final long MAX_DELAY_MS = 6 * 3600 * 1000L;

  private Backoff() {
  }

  /** The delay after attempt number {@code attempts} (1 for the first) failed. */
  static long delayMs(int attempts, long firstRetryMs, RandomGenerator random) {
    int doublings = Math.min(Math.max(attempts - 1, 0), 40);
    // Compared before shifting, so that no number of attempts overflows.
    long full = firstRetryMs > MAX_DELAY_MS >> doublings ? MAX_DELAY_MS : firstRetryMs << doublings;
    long half = full / 2;
    return half + random.nextLong(full - half + 1);
  }
}
