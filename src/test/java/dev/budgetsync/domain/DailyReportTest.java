package dev.budgetsync.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DailyReportTest {
  private static final BudgetStatus STATUS = new BudgetStatus("acct", "2026-02", "jpy", 4000, 1500, 200, List.of());

  @Test
  void runningTotalsAddUpDayByDayAndEndAtTheBudget() {
    List<DayTotals> totals = List.of(
        new DayTotals("2026-02-03", 5000, 0, 0, 1200),
        new DayTotals("2026-02-10", 0, 1000, 500, 0),
        new DayTotals("2026-02-20", 0, 0, 1000, 0));

    JsonObject report = DailyReport.of(STATUS, totals, List.of(50, 80), LocalDate.parse("2026-02-15"));

    JsonArray days = report.getJsonArray("days");
    assertThat(days).hasSize(28);
    assertThat(days.getJsonObject(1).getLong("budget")).isZero();
    assertThat(days.getJsonObject(2).getLong("budget")).isEqualTo(5000);
    assertThat(days.getJsonObject(9).getLong("budget")).isEqualTo(4000);
    assertThat(days.getJsonObject(9).getLong("spent_total")).isEqualTo(500);
    assertThat(days.getJsonObject(27).getLong("budget")).isEqualTo(STATUS.budget());
    assertThat(days.getJsonObject(27).getLong("spent_total")).isEqualTo(STATUS.spent());
    assertThat(days.getJsonObject(2).getJsonObject("display").getString("credited")).isEqualTo("¥5,000");
    // Payments and manual top-ups are told apart: the chart marks them apart.
    assertThat(days.getJsonObject(2).getLong("topped_up")).isEqualTo(1200);
    assertThat(days.getJsonObject(2).getLong("paid")).isEqualTo(3800);
    assertThat(days.getJsonObject(2).getJsonObject("display").getString("paid")).isEqualTo("¥3,800");
    assertThat(report.getString("through")).isEqualTo("2026-02-15");
    assertThat(report.getJsonObject("status").getJsonObject("display").getString("remaining")).isEqualTo("¥2,300");
    assertThat(report.getJsonArray("thresholds")).containsExactly(50, 80);
  }

  @Test
  void entriesWrittenOutsideTheMonthCountOnItsFirstOrLastDay() {
    List<DayTotals> totals = List.of(
        new DayTotals("2026-01-31", 700, 0, 0, 0),
        new DayTotals("2026-03-02", 0, 0, 300, 0));

    JsonArray days = DailyReport.of(STATUS, totals, List.of(), LocalDate.parse("2026-03-05")).getJsonArray("days");

    assertThat(days.getJsonObject(0).getLong("credited")).isEqualTo(700);
    assertThat(days.getJsonObject(27).getLong("spent")).isEqualTo(300);
  }

  @ParameterizedTest(name = "{0} on {1} -> {2}")
  @CsvSource(delimiter = '|', nullValues = "null", value = {
      "2026-02 | 2026-02-15 | 2026-02-15",
      "2026-02 | 2026-05-01 | 2026-02-28",
      "2026-02 | 2026-01-31 | null"})
  void throughIsTheLastDayThatHasHappened(String month, String today, String through) {
    BudgetStatus status = new BudgetStatus("acct", month, "usd", 0, 0, 0, List.of());

    assertThat(DailyReport.of(status, List.of(), List.of(), LocalDate.parse(today)).getString("through"))
        .isEqualTo(through);
  }

  @ParameterizedTest(name = "peak {0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "0      | 0",
      "1      | 0 1",
      "5000   | 0 2000 4000 6000",
      "7500   | 0 2000 4000 6000 8000",
      "100000 | 0 50000 100000",
      "12345  | 0 5000 10000 15000"})
  void ticksAreRoundStepsThatReachThePeak(long peak, String expected) {
    List<Long> ticks = Arrays.stream(expected.split(" ")).map(Long::valueOf).toList();

    assertThat(DailyReport.ticks(peak)).isEqualTo(ticks);
  }

  @ParameterizedTest(name = "peak {0}")
  @ValueSource(longs = {Long.MAX_VALUE, Long.MAX_VALUE - 1, 1_000_000_000_000_000_000L, 4_611_686_018_427_387_904L,
      2_300_000_000_000_000_001L, 999_999_999_999_999_999L, 10_000_000_000_000L})
  @Timeout(value = 1, unit = TimeUnit.SECONDS)
  void ticksOfTheLargestPeaksAreFewAndReachThePeak(long peak) {
    assertTicksBounded(peak, DailyReport.ticks(peak));
  }

  @RepeatedTest(200)
  @Timeout(value = 1, unit = TimeUnit.SECONDS)
  void ticksOfAnyPeakAreFewAndReachThePeak(RepetitionInfo repetition) {
    Random random = new Random(repetition.getCurrentRepetition());
    // Every order of magnitude up to Long.MAX_VALUE is as likely as any other.
    long peak = (random.nextLong() >>> 1) >>> random.nextInt(63);

    assertTicksBounded(peak, DailyReport.ticks(peak));
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.SECONDS)
  void theReportOfTheLargestAllowedMonthRenders() {
    long top = 1_000_000_000_000_000_000L;
    BudgetStatus status = new BudgetStatus("acct", "2026-02", "usd", top, top, 0, List.of());
    List<DayTotals> totals = List.of(new DayTotals("2026-02-01", top, 0, 0, 0), new DayTotals("2026-02-28", 0, 0, top, 0));

    JsonObject report = DailyReport.of(status, totals, List.of(50), LocalDate.parse("2026-02-28"));

    JsonArray axis = report.getJsonArray("axis");
    assertThat(axis.getJsonObject(axis.size() - 1).getLong("amount")).isGreaterThanOrEqualTo(top);
    assertThat(report.getJsonArray("days").getJsonObject(27).getJsonObject("display").getString("spent_total"))
        .isEqualTo("$10,000,000,000,000,000.00");
  }

  private static void assertTicksBounded(long peak, List<Long> ticks) {
    assertThat(ticks.get(0)).isZero();
    assertThat(ticks.size()).as("ticks of %d", peak).isBetween(peak == 0 ? 1 : 2, 5);
    assertThat(ticks).isSorted().doesNotHaveDuplicates();
    assertThat(ticks.get(ticks.size() - 1)).isGreaterThanOrEqualTo(peak);
  }
}
