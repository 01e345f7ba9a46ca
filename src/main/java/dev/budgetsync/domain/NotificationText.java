package dev.budgetsync.domain;

import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * A notification in one sentence, for people: the {@code text} of a Slack message. Reads the body
 * as sent, so it works for any stored notification.
 */
public final class NotificationText {
  private NotificationText() {
  }

  public static String of(JsonObject body) {
    JsonObject data = body.getJsonObject("data", new JsonObject());
    JsonObject display = data.getJsonObject("display", new JsonObject());
    String account = data.getString("account", "-");
    String month = data.getString("month", "-");
    String text = switch (body.getString("type", "")) {
      case "budget.alert.fired" -> String.format(Locale.ROOT, "Account %s reached %d%% of its %s budget: %s spent of %s, %s remaining.",
          account, data.getInteger("threshold"), month, display.getString("spent"), display.getString("budget"),
          display.getString("remaining"));
      case "budget.alert.recovered" -> String.format(Locale.ROOT, "Account %s is back under %d%% of its %s budget: %s spent of %s.",
          account, data.getInteger("threshold"), month, display.getString("spent"), display.getString("budget"));
      case "budget.exhausted" -> String.format(Locale.ROOT, "Account %s has no %s budget left: %s spent and %s reserved of %s (%s remaining).",
          account, month, display.getString("spent"), display.getString("reserved"), display.getString("budget"),
          display.getString("remaining"));
      case "stripe.event.needs_review" -> String.format(Locale.ROOT, "Stripe event %s (%s) needs review: %s. Account %s, amount %s.",
          data.getString("event_id"), data.getString("event_type"), data.getString("reason"), account,
          display.getString("amount", "-"));
      case "stripe.event.failed" -> String.format(Locale.ROOT, "Stripe event %s (%s) failed: %s.",
          data.getString("event_id"), data.getString("event_type"), data.getString("reason"));
      case "reconcile.problem" -> "Reconciliation with Stripe: " + data.getString("message") + ".";
      default -> data.getString("message", body.getString("type", "notification"));
    };
    return escape("budget-sync: " + text + " (" + body.getString("id") + ")");
  }

  /** Slack reads {@code &}, {@code <} and {@code >} as markup; as text they must be escaped. */
  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
