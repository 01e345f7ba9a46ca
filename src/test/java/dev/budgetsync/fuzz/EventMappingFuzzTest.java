package dev.budgetsync.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.budgetsync.domain.EventEffect;
import dev.budgetsync.domain.EventMapper;
import dev.budgetsync.domain.Fact;
import dev.budgetsync.domain.PaymentFacts;
import dev.budgetsync.domain.PaymentHistory;
import dev.budgetsync.domain.PoisonEventException;
import dev.budgetsync.domain.StripeEvent;
import dev.budgetsync.config.AccountSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Events of every handled type whose fields hold values of any JSON type: the mapping either maps
 * or rejects the event as poison (stored as failed), never throws anything else, never states a
 * negative or unbelievable amount or money in another currency, and what it states survives being
 * stored and read back and gives a payment history.
 */
class EventMappingFuzzTest {
  private static final AccountSettings SETTINGS = new AccountSettings("default", "usd", false, List.of(50, 80, 100));
  private static final List<String> FIELDS = List.of(
      "id", "mode", "payment_status", "amount_total", "amount_paid", "amount", "amount_refunded", "currency",
      "client_reference_id", "payment_intent", "invoice", "charge", "status", "customer", "subscription",
      "metadata", "parent", "subscription_details", "refunds", "payments", "plan", "items", "customer_email",
      "payment", "created");
  private static final List<String> WORDS = List.of(
      "paid", "unpaid", "no_payment_required", "payment", "subscription", "setup", "usd", "eur", "jpy",
      "won", "lost", "succeeded", "failed", "canceled", "account_id", "data", "source", "pi_1", "in_1", "ch_1",
      "re_1", "du_1", "cs_1", "acct", "bad account!", "needs_response", "warning_needs_response", "pending",
      "inpay_1", "pi_\u0000");

  @FuzzTest(maxDuration = "20s")
  void mappingEitherMapsOrRejectsAsPoison(FuzzedDataProvider data) {
    JsonObject object = randomObject(data, 0);
    JsonObject event = new JsonObject()
        .put("id", "evt_fuzz")
        .put("type", data.pickValue(EventMapper.SUPPORTED_EVENTS))
        .put("created", data.consumeBoolean() ? (Object) data.consumeLong() : randomValue(data, 2))
        .put("livemode", data.consumeBoolean() ? false : randomValue(data, 2))
        .put("data", new JsonObject().put("object", object));
    StripeEvent parsed = StripeEvent.parse(event);
    EventEffect effect;
    try {
      effect = EventMapper.map(parsed, SETTINGS);
    } catch (PoisonEventException expected) {
      return;
    }
    PaymentFacts facts = effect.facts();
    if (facts == null) {
      return;
    }
    if (facts.ids().isEmpty() || facts.ids().stream().anyMatch(id -> !id.matches("[!-~]{1,255}"))) {
      throw new IllegalStateException("ids a payment cannot be named by: " + facts.ids() + " for " + event.encode());
    }
    if (effect.currency() != null && !effect.currency().equals("usd")) {
      throw new IllegalStateException("money in " + effect.currency() + " for " + event.encode());
    }
    for (Fact fact : facts.facts()) {
      if (fact.toJson().stream().anyMatch(field -> field.getValue() instanceof Long n && (n < 0 || n > 10_000_000_000_000L)
          && !field.getKey().equals("refund_created"))) {
        throw new IllegalStateException("an impossible amount: " + fact + " for " + event.encode());
      }
    }
    if (!PaymentFacts.fromJson(facts.eventId(), facts.created(), facts.toJson()).equals(facts)) {
      throw new IllegalStateException("facts do not survive storage: " + facts);
    }
    PaymentHistory.of(List.of(facts), SETTINGS.defaultAccount());
  }

  private static JsonObject randomObject(FuzzedDataProvider data, int depth) {
    JsonObject object = new JsonObject();
    int fields = data.consumeInt(0, depth == 0 ? 12 : 4);
    for (int i = 0; i < fields; i++) {
      object.put(data.pickValue(FIELDS), randomValue(data, depth + 1));
    }
    return object;
  }

  private static Object randomValue(FuzzedDataProvider data, int depth) {
    return switch (data.consumeInt(0, depth > 3 ? 5 : 7)) {
      case 0 -> null;
      case 1 -> data.consumeBoolean();
      case 2 -> data.consumeInt();
      case 3 -> data.consumeLong();
      case 4 -> data.consumeDouble();
      case 5 -> data.consumeBoolean() ? data.pickValue(WORDS) : data.consumeString(12);
      case 6 -> randomObject(data, depth);
      default -> {
        JsonArray array = new JsonArray();
        int size = data.consumeInt(0, 3);
        for (int i = 0; i < size; i++) {
          array.add(data.consumeBoolean() ? randomObject(data, depth + 1) : randomValue(data, depth + 1));
        }
        yield array;
      }
    };
  }
}
