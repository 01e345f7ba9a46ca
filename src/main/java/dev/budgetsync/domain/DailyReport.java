package dev.budgetsync.domain;

import dev.budgetsync.money.MoneyFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of {@code GET /api/budget/daily}: every day of the month with its money (credits split
 * into Stripe payments and manual top-ups) and the running budget and spend, the status, and axis ticks, all amounts also formatted for people, so the page
 * needs no currency table of its own.
 */
public final class DailyReport {
  private DailyReport() {
  }

  public static JsonObject of(BudgetStatus status, List<DayTotals> totals, List<Integer> thresholds, LocalDate today) {
    YearMonth month = YearMonth.parse(status.month());
    String currency = status.currency();
    long[][] perDay = new long[month.lengthOfMonth()][4];
    for (DayTotals total : totals) {
      // Entries written outside their month (a late manual entry) count on its first or last day.
      int day = Math.max(1, Math.min(dayOf(total.day(), month), month.lengthOfMonth()));
      perDay[day - 1][0] += total.credited();
      perDay[day - 1][1] += total.debited();
      perDay[day - 1][2] += total.spent();
      perDay[day - 1][3] += total.toppedUp();
    }
    JsonArray days = new JsonArray();
    long budget = 0;
    long spent = 0;
    long peak = 0;
    for (int i = 0; i < perDay.length; i++) {
      long[] day = perDay[i];
      budget += day[0] - day[1];
      spent += day[2];
      peak = Math.max(peak, Math.max(budget, spent));
      long paid = day[0] - day[3];
      days.add(new JsonObject().put("date", month.atDay(i + 1).toString())
          .put("credited", day[0]).put("paid", paid).put("topped_up", day[3]).put("debited", day[1])
          .put("spent", day[2]).put("budget", budget).put("spent_total", spent)
          .put("display", new JsonObject()
              .put("credited", MoneyFormat.display(day[0], currency)).put("paid", MoneyFormat.display(paid, currency))
              .put("topped_up", MoneyFormat.display(day[3], currency))
              .put("debited", MoneyFormat.display(day[1], currency))
              .put("spent", MoneyFormat.display(day[2], currency)).put("budget", MoneyFormat.display(budget, currency))
              .put("spent_total", MoneyFormat.display(spent, currency))));
    }
    JsonArray axis = new JsonArray();
    for (long tick : ticks(peak)) {
      axis.add(new JsonObject().put("amount", tick).put("display", MoneyFormat.display(tick, currency)));
    }
    return new JsonObject()
        .put("account", status.account()).put("month", status.month()).put("currency", currency)
        .put("through", through(month, today)).put("days", days).put("axis", axis)
        .put("thresholds", new JsonArray(List.copyOf(thresholds)))
        .put("status", status.toDisplayJson());
  }

  private static int dayOf(String date, YearMonth month) {
    LocalDate day = LocalDate.parse(date);
    YearMonth of = YearMonth.from(day);
    return of.isBefore(month) ? 1 : of.isAfter(month) ? month.lengthOfMonth() : day.getDayOfMonth();
  }

  /** The last day that has happened: today in the current month, the last day of a past one, null for a future one. */
  private static String through(YearMonth month, LocalDate today) {
    YearMonth current = YearMonth.from(today);
    if (month.equals(current)) {
      return today.toString();
    }
    return month.isBefore(current) ? month.atEndOfMonth().toString() : null;
  }

  /**
   * 0 and at most four round steps (1, 2 or 5 times a power of ten, in minor units) up to at least
   * {@code peak}. Bounded by construction, for any long: the step is at least a quarter of the peak,
   * no product overflows, and a tick past {@code Long.MAX_VALUE} is that value.
   */
  static List<Long> ticks(long peak) {
    List<Long> ticks = new ArrayList<>(List.of(0L));
    if (peak <= 0) {
      return ticks;
    }
    long rough = peak / 4 + (peak % 4 == 0 ? 0 : 1);
    long magnitude = 1;
    while (magnitude <= rough / 10) {
      magnitude *= 10;
    }
    // magnitude <= rough, so 2x fits; 5x is reached only below rough / 2 and 10x only below rough / 5.
    long step = rough <= magnitude ? magnitude : rough <= 2 * magnitude ? 2 * magnitude
        : rough <= 5 * magnitude ? 5 * magnitude : 10 * magnitude;
    long count = peak / step + (peak % step == 0 ? 0 : 1);
    for (long i = 1; i <= count; i++) {
      ticks.add(i > Long.MAX_VALUE / step ? Long.MAX_VALUE : i * step);
    }
    return ticks;
  }
}
