package dev.budgetsync.domain;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationsTest {
  private static final List<Integer> THRESHOLDS = List.of(50, 80, 100);

  /** The row after a change that moved remaining by {@code remainingChange}, alerts as the policy decides. */
  private static List<Notification> row(long budget, long spent, long reserved, long remainingChange,
                                        List<Integer> activeBefore) {
    AlertPolicy.Change change = AlertPolicy.evaluate(THRESHOLDS, activeBefore, spent, budget);
    BudgetStatus after = new BudgetStatus("acct_1", "2026-11", "usd", budget, spent, reserved, change.active());
    return Notifications.ofBudgetRow(after, change,
        AlertPolicy.exhaustion(false, after.remaining() - remainingChange, after.remaining(), 0));
  }

  @Test
  void aFiredAlertCarriesTheMonthsFiguresTheThresholdAndDisplayStrings() {
    long before = Instant.now().getEpochSecond();
    List<Notification> raised = row(5000, 4000, 0, -1500, List.of(50));

    assertThat(raised).singleElement().satisfies(n -> {
      assertThat(n.type()).isEqualTo(NotificationType.BUDGET_ALERT_FIRED);
      assertThat(n.id()).matches("ntf_[0-9a-f]{24}");
      assertThat(n.created()).isBetween(before, Instant.now().getEpochSecond());
      assertThat(n.data().getString("account")).isEqualTo("acct_1");
      assertThat(n.data().getString("month")).isEqualTo("2026-11");
      assertThat(n.data().getInteger("threshold")).isEqualTo(80);
      assertThat(n.data().getLong("spent")).isEqualTo(4000);
      assertThat(n.data().getLong("budget")).isEqualTo(5000);
      assertThat(n.data().getLong("remaining")).isEqualTo(1000);
      assertThat(n.data().getJsonObject("display").getString("spent")).isEqualTo("$40.00");
      assertThat(n.data().getJsonObject("display").getString("remaining")).isEqualTo("$10.00");
    });
  }

  @Test
  void remainingFallingFromAboveZeroToZeroOrBelowIsExhaustedOnce() {
    // 5000 budget, 4000 spent, then 1200 more: remaining 1000 -> -200.
    List<Notification> crossing = row(5000, 5200, 0, -1200, List.of(50, 80));
    // Already below: -200 -> -300.
    List<Notification> further = row(5000, 5300, 0, -100, List.of(50, 80, 100));
    // Exactly to 0 by a hold: 300 -> 0.
    List<Notification> toZero = row(5000, 4000, 1000, -300, List.of(50, 80));

    assertThat(crossing).extracting(Notification::type)
        .containsExactly(NotificationType.BUDGET_ALERT_FIRED, NotificationType.BUDGET_EXHAUSTED);
    assertThat(crossing.get(1).data().getLong("remaining")).isEqualTo(-200);
    assertThat(crossing.get(1).data().getJsonObject("display").getString("remaining")).isEqualTo("-$2.00");
    assertThat(further).isEmpty();
    assertThat(toZero).extracting(Notification::type).containsExactly(NotificationType.BUDGET_EXHAUSTED);
  }

  @Test
  void aTopUpRecoversAlertsAndRaisesNoExhaustion() {
    List<Notification> raised = row(10_000, 5200, 0, 5000, List.of(50, 80, 100));

    assertThat(raised).extracting(Notification::type)
        .containsExactly(NotificationType.BUDGET_ALERT_RECOVERED, NotificationType.BUDGET_ALERT_RECOVERED);
    assertThat(raised).extracting(n -> n.data().getInteger("threshold")).containsExactly(80, 100);
  }

  @Test
  void onlyNeedsReviewAndFailedOutcomesAreNotified() {
    long created = 1_795_000_000L;
    List<StripeEvent> events = List.of(
        event("evt_review", created), event("evt_ok", created), event("evt_dup", created), event("evt_poison", null));
    List<EventResult> results = List.of(
        new EventResult("evt_review", Outcome.NEEDS_REVIEW, "currency eur is not usd", "acct_1", 5000L, "eur"),
        new EventResult("evt_ok", Outcome.CREDITED, null, "acct_1", 5000L, "usd"),
        EventResult.duplicate("evt_dup"),
        new EventResult("evt_poison", Outcome.FAILED, "event has no integer created time", null, null, null));

    List<Notification> raised = Notifications.ofOutcomes(events, results);

    assertThat(raised).extracting(Notification::type)
        .containsExactly(NotificationType.STRIPE_EVENT_NEEDS_REVIEW, NotificationType.STRIPE_EVENT_FAILED);
    JsonObject review = raised.get(0).data();
    assertThat(review.getString("event_id")).isEqualTo("evt_review");
    assertThat(review.getString("event_type")).isEqualTo("checkout.session.completed");
    assertThat(review.getString("month")).isEqualTo("2026-11");
    assertThat(review.getLong("amount")).isEqualTo(5000);
    assertThat(review.getString("currency")).isEqualTo("eur");
    assertThat(review.getJsonObject("display").getString("amount")).isEqualTo("€50.00");
    JsonObject failed = raised.get(1).data();
    assertThat(failed.getString("event_id")).isEqualTo("evt_poison");
    assertThat(failed.getString("month")).isNull();
    assertThat(failed.getString("reason")).contains("created");
    assertThat(failed.containsKey("display")).isFalse();
  }

  @Test
  void theBodyIsTheEnvelopeReceiversDedupeOn() {
    Notification n = Notifications.reconcileProblem("webhook_endpoint_disabled", "the endpoint we_1 is disabled",
        new JsonObject().put("endpoint", "we_1"));

    JsonObject body = new JsonObject(n.body());

    assertThat(body.fieldNames()).containsExactly("id", "type", "created", "data");
    assertThat(body.getString("id")).isEqualTo(n.id());
    assertThat(body.getString("type")).isEqualTo("reconcile.problem");
    assertThat(body.getJsonObject("data").getString("problem")).isEqualTo("webhook_endpoint_disabled");
    assertThat(body.getJsonObject("data").getString("endpoint")).isEqualTo("we_1");
    assertThat(Notifications.test().id()).isNotEqualTo(Notifications.test().id());
  }

  @Test
  void slackTextSaysWhatHappenedAndEscapesSlackMarkup() {
    Notification fired = row(5000, 4000, 0, -1500, List.of(50)).get(0);
    JsonObject failed = new JsonObject().put("id", "ntf_1").put("type", "stripe.event.failed")
        .put("data", new JsonObject().put("event_id", "evt_1").put("event_type", "charge.refunded")
            .put("reason", "amount <missing> & more"));

    assertThat(NotificationText.of(fired.toJson()))
        .isEqualTo("budget-sync: Account acct_1 reached 80% of its 2026-11 budget: $40.00 spent of $50.00, "
            + "$10.00 remaining. (" + fired.id() + ")");
    assertThat(NotificationText.of(failed))
        .isEqualTo("budget-sync: Stripe event evt_1 (charge.refunded) failed: amount &lt;missing&gt; &amp; more. (ntf_1)");
  }

  private static StripeEvent event(String id, Long created) {
    return new StripeEvent(id, "checkout.session.completed", created, false, null, new JsonObject());
  }
}
