package dev.budgetsync.domain;

import dev.budgetsync.money.MoneyFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** One account's month, as the status routes show it. {@code budget} is credits less debits. */
public record BudgetStatus(String account, String month, String currency, long budget, long spent, long reserved,
                           List<Integer> alerts) {

  public long remaining() {
    return budget - spent - reserved;
  }

  /**
   * spent / budget to four places, rounded down, so it never shows a threshold reached before its alert
   * fires; null when there is no budget to divide by but money was spent.
   */
  public BigDecimal utilization() {
    if (budget <= 0) {
      return spent == 0 ? BigDecimal.ZERO : null;
    }
    return BigDecimal.valueOf(spent).divide(BigDecimal.valueOf(budget), 4, RoundingMode.DOWN).stripTrailingZeros();
  }

  public JsonObject toJson() {
    BigDecimal utilization = utilization();
    return new JsonObject()
        .put("account", account).put("month", month).put("currency", currency)
        .put("budget", budget).put("spent", spent).put("reserved", reserved).put("remaining", remaining())
        .put("utilization", utilization == null ? null : utilization.doubleValue())
        .put("alerts", new JsonArray(List.copyOf(alerts)));
  }

  /** {@link #toJson()} with {@code "display"}: the amounts as people read them ({@code "$50.00"}). */
  public JsonObject toDisplayJson() {
    return toJson().put("display", new JsonObject()
        .put("budget", MoneyFormat.display(budget, currency)).put("spent", MoneyFormat.display(spent, currency))
        .put("reserved", MoneyFormat.display(reserved, currency))
        .put("remaining", MoneyFormat.display(remaining(), currency)));
  }
}
