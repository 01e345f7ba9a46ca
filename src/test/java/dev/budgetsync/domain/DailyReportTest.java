package dev.budgetsync.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

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
}
