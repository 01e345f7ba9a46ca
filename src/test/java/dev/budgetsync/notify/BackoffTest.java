package dev.budgetsync.notify;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
  @RepeatedTest(20)
  void eachDelayIsBetweenHalfAndAllOfTwiceThePreviousOne() {
    Random random = new Random();
    for (int attempt = 1; attempt <= 12; attempt++) {
      long full = 30_000L << (attempt - 1);
      long capped = Math.min(full, Backoff.MAX_DELAY_MS);

      assertThat(Backoff.delayMs(attempt, 30_000, random)).isBetween(capped / 2, capped);
    }
  }

  @Test
  void neverPastTheCapHoweverManyAttempts() {
    Random random = new Random(7);

    assertThat(Backoff.delayMs(1_000, 30_000, random)).isBetween(Backoff.MAX_DELAY_MS / 2, Backoff.MAX_DELAY_MS);
    assertThat(Backoff.delayMs(Integer.MAX_VALUE, 3_600_000, random)).isLessThanOrEqualTo(Backoff.MAX_DELAY_MS);
  }

  @Test
  void jitterSpreadsSendersThatFailedTogether() {
    Random random = new Random(11);

    long distinct = java.util.stream.IntStream.range(0, 50).mapToLong(i -> Backoff.delayMs(5, 30_000, random))
        .distinct().count();

    assertThat(distinct).isGreaterThan(40);
  }

  @Test
  void overSeventyTwoHoursAReceiverIsTriedAboutTwentyTimes() {
    Random random = new Random(3);
    long elapsed = 0;
    int attempts = 0;
    while (elapsed <= 72 * 3600_000L) {
      attempts++;
      elapsed += Backoff.delayMs(attempts, 30_000, random);
    }

    assertThat(attempts).isBetween(14, 40);
  }
}
