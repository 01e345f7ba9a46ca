package dev.budgetsync.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlertPolicyTest {
  private static final List<Integer> THRESHOLDS = List.of(50, 80, 100);

  @Test
  void nothingReachedBelowTheFirstThreshold() {
    AlertPolicy.Change change = AlertPolicy.evaluate(THRESHOLDS, List.of(), 4999, 10_000);

    assertThat(change.active()).isEmpty();
    assertThat(change.isEmpty()).isTrue();
  }

  @Test
  void thresholdFiresOnceThenStaysActive() {
    AlertPolicy.Change first = AlertPolicy.evaluate(THRESHOLDS, List.of(), 5000, 10_000);
    assertThat(first.active()).containsExactly(50);
    assertThat(first.fired()).containsExactly(50);
    assertThat(first.recovered()).isEmpty();
    assertThat(first.isEmpty()).isFalse();

    AlertPolicy.Change more = AlertPolicy.evaluate(THRESHOLDS, first.active(), 6000, 10_000);
    assertThat(more.active()).containsExactly(50);
    assertThat(more.fired()).isEmpty();
    assertThat(more.recovered()).isEmpty();
    assertThat(more.isEmpty()).isTrue();
  }

  @Test
  void crossingSeveralThresholdsAtOnceFiresEach() {
    AlertPolicy.Change change = AlertPolicy.evaluate(THRESHOLDS, List.of(), 10_000, 10_000);

    assertThat(change.active()).containsExactly(50, 80, 100);
    assertThat(change.fired()).containsExactly(50, 80, 100);
  }

  @Test
  void onlyNewlyReachedThresholdsFire() {
    AlertPolicy.Change change = AlertPolicy.evaluate(THRESHOLDS, List.of(50), 8500, 10_000);

    assertThat(change.active()).containsExactly(50, 80);
    assertThat(change.fired()).containsExactly(80);
    assertThat(change.recovered()).isEmpty();
  }

  @Test
  void topUpRecoversAndTheThresholdCanFireAgain() {
    List<Integer> active = AlertPolicy.evaluate(THRESHOLDS, List.of(), 8000, 10_000).active();
    assertThat(active).containsExactly(50, 80);

    AlertPolicy.Change afterTopUp = AlertPolicy.evaluate(THRESHOLDS, active, 8000, 15_000);
    assertThat(afterTopUp.active()).containsExactly(50);
    assertThat(afterTopUp.recovered()).containsExactly(80);
    assertThat(afterTopUp.fired()).isEmpty();

    AlertPolicy.Change again = AlertPolicy.evaluate(THRESHOLDS, afterTopUp.active(), 12_000, 15_000);
    assertThat(again.fired()).containsExactly(80);
    assertThat(again.active()).containsExactly(50, 80);
  }

  @Test
  void bigTopUpRecoversEveryActiveThresholdInOrder() {
    AlertPolicy.Change change = AlertPolicy.evaluate(THRESHOLDS, List.of(100, 50, 80), 10_000, 100_000);

    assertThat(change.active()).isEmpty();
    assertThat(change.recovered()).containsExactly(50, 80, 100);
  }

  @ParameterizedTest(name = "spent {0} of {1} reaches {2}%: {3}")
  @CsvSource({
      "50, 100, 50, true",
      "49, 100, 50, false",
      "80, 100, 80, true",
      "79, 100, 80, false",
      "100, 100, 100, true",
      "99, 100, 100, false",
      // 1/3 is 33.33...%: exact integers, no rounding up to 33 or down from 34.
      "1, 3, 33, true",
      "1, 3, 34, false",
      "2, 3, 67, false",
      "2, 3, 66, true",
      "150, 100, 100, true",
      "0, 100, 50, false",
      "0, 0, 50, false",
      "1, 0, 50, true",
      "1, 0, 100, true",
      "1, -500, 100, true",
      "0, -500, 100, false",
      "9223372036854775807, 9223372036854775807, 100, true",
      "9223372036854775806, 9223372036854775807, 100, false"})
  void reachedUsesExactIntegers(long spent, long budget, int threshold, boolean reached) {
    assertThat(AlertPolicy.reached(threshold, spent, budget)).isEqualTo(reached);
  }

  @Test
  void zeroBudgetWithSpendReachesEveryThreshold() {
    AlertPolicy.Change change = AlertPolicy.evaluate(THRESHOLDS, List.of(), 1, 0);

    assertThat(change.active()).containsExactly(50, 80, 100);
    assertThat(change.fired()).containsExactly(50, 80, 100);
  }

  @Test
  void zeroBudgetWithoutSpendReachesNothing() {
    assertThat(AlertPolicy.evaluate(THRESHOLDS, List.of(), 0, 0).active()).isEmpty();
  }

  @Test
  void thresholdsAboveOneHundredPercent() {
    AlertPolicy.Change change = AlertPolicy.evaluate(List.of(100, 150), List.of(100), 15_000, 10_000);

    assertThat(change.fired()).containsExactly(150);
    assertThat(change.active()).containsExactly(100, 150);
  }

  /** A breaker's case: taking all that remains, giving it back and taking it again is one exhaustion, not two. */
  @Test
  void exhaustionFiresOncePerCrossingUntilACreditLiftsRemainingAboveZero() {
    AlertPolicy.Exhaustion reserveAll = AlertPolicy.exhaustion(false, 1000, 0, 0);
    AlertPolicy.Exhaustion release = AlertPolicy.exhaustion(reserveAll.exhausted(), 0, 1000, 0);
    AlertPolicy.Exhaustion reserveAllAgain = AlertPolicy.exhaustion(release.exhausted(), 1000, 0, 0);
    AlertPolicy.Exhaustion topUpStillShort = AlertPolicy.exhaustion(reserveAllAgain.exhausted(), -500, 0, 500);
    AlertPolicy.Exhaustion topUp = AlertPolicy.exhaustion(topUpStillShort.exhausted(), 0, 500, 500);
    AlertPolicy.Exhaustion reserveAllAfterTopUp = AlertPolicy.exhaustion(topUp.exhausted(), 500, 0, 0);

    assertThat(reserveAll).isEqualTo(new AlertPolicy.Exhaustion(true, true));
    assertThat(release).isEqualTo(new AlertPolicy.Exhaustion(true, false));
    assertThat(reserveAllAgain).isEqualTo(new AlertPolicy.Exhaustion(true, false));
    assertThat(topUpStillShort).isEqualTo(new AlertPolicy.Exhaustion(true, false));
    assertThat(topUp).isEqualTo(new AlertPolicy.Exhaustion(false, false));
    assertThat(reserveAllAfterTopUp).isEqualTo(new AlertPolicy.Exhaustion(true, true));
  }

  @Test
  void aRowThatNeverHadRemainingAboveZeroIsNotExhaustedBySpendingFurther() {
    assertThat(AlertPolicy.exhaustion(false, 0, -100, 0)).isEqualTo(new AlertPolicy.Exhaustion(false, false));
  }
}
