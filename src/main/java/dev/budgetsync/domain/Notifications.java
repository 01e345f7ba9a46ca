package dev.budgetsync.domain;

import dev.budgetsync.money.MoneyFormat;
import dev.budgetsync.money.Months;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Which notifications a committed change raises, and their {@code data}: amounts as integers in the
 * currency's smallest unit with {@code display} strings beside them, and the threshold or event id.
 */
public final class Notifications {
  private Notifications() {
  }

  /**
   * A budget row after a change: an alert fired or recovered per threshold, and
   * {@code budget.exhausted} when {@link AlertPolicy#exhaustion} says it fires. Each carries the
   * month's figures as the status routes show them.
   */
  public static List<Notification> ofBudgetRow(BudgetStatus after, AlertPolicy.Change change,
                                               AlertPolicy.Exhaustion exhaustion) {
    List<Notification> notifications = new ArrayList<>();
    for (int threshold : change.fired()) {
      notifications.add(Notification.of(NotificationType.BUDGET_ALERT_FIRED, after.toDisplayJson().put("threshold", threshold)));
    }
    for (int threshold : change.recovered()) {
      notifications.add(Notification.of(NotificationType.BUDGET_ALERT_RECOVERED,
          after.toDisplayJson().put("threshold", threshold)));
    }
    if (exhaustion.fired()) {
      notifications.add(Notification.of(NotificationType.BUDGET_EXHAUSTED, after.toDisplayJson()));
    }
    return notifications;
  }

  /** The events of a batch stored {@code needs_review} or {@code failed}; {@code results} in the same order. */
  public static List<Notification> ofOutcomes(List<StripeEvent> events, List<EventResult> results) {
    List<Notification> notifications = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      EventResult result = results.get(i);
      NotificationType type = switch (result.outcome()) {
        case NEEDS_REVIEW -> NotificationType.STRIPE_EVENT_NEEDS_REVIEW;
        case FAILED -> NotificationType.STRIPE_EVENT_FAILED;
        default -> null;
      };
      if (type != null) {
        notifications.add(Notification.of(type, event(events.get(i), result)));
      }
    }
    return notifications;
  }

  /**
   * A problem found by reconciliation with Stripe's API.
   *
   * @param problem a stable code, e.g. {@code webhook_endpoint_disabled}
   * @param details facts for the receiver (event id, endpoint id, ...), added to {@code data} as they are
   */
  public static Notification reconcileProblem(String problem, String message, JsonObject details) {
    return Notification.of(NotificationType.RECONCILE_PROBLEM,
        details.copy().put("problem", problem).put("message", message));
  }

  /** What {@code notify test} sends. */
  public static Notification test() {
    return Notification.of(NotificationType.TEST,
        new JsonObject().put("message", "A test notification from budget-sync: this destination receives them."));
  }

  private static JsonObject event(StripeEvent event, EventResult result) {
    JsonObject data = new JsonObject().put("event_id", event.id()).put("event_type", event.type())
        .put("account", result.account())
        .put("month", month(event.created()))
        .put("amount", result.amount()).put("currency", result.currency()).put("reason", result.reason());
    if (result.amount() != null && result.currency() != null) {
      data.put("display", new JsonObject().put("amount", MoneyFormat.display(result.amount(), result.currency())));
    }
    return data;
  }

  /** The event's budget month; null when it has no created time in the years 2000 to 9999 (it failed for that). */
  private static String month(Long created) {
    if (created == null || created < 946_684_800L || created > 253_402_300_799L) {
      return null;
    }
    return Months.ofEpochSecond(created);
  }
}
