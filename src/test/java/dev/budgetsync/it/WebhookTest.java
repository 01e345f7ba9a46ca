package dev.budgetsync.it;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.StripeSigning;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook route end to end: real HTTP server, real verticles, real PostgreSQL. */
@ExtendWith(VertxExtension.class)
class WebhookTest {
  private static TestApp app;

  @BeforeAll
  static void start(Vertx vertx) {
    app = TestApp.start(vertx);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @Test
  void paidCheckoutCreditsTheBudgetOnceAndRepeatsAnswerDuplicate() {
    String account = Events.newId("acct");
    JsonObject event = Events.wrap("checkout.session.completed", Events.paidSession(5000, "usd", account));

    HttpResponse<Buffer> first = app.postEvent(event);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.bodyAsJsonObject()).isEqualTo(new JsonObject()
        .put("received", true).put("id", event.getString("id")).put("outcome", "credited"));
    assertThat(app.budget(account).getLong("budget")).isEqualTo(5000);

    HttpResponse<Buffer> again = app.postEvent(event);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("outcome")).isEqualTo("duplicate");
    assertThat(app.budget(account).getLong("budget")).isEqualTo(5000);

    assertThat(app.count("select count(*) from ledger_entry where event_id = $1", event.getString("id"))).isEqualTo(1);
    List<io.vertx.sqlclient.Row> stored = app.query(
        "select type, outcome, livemode, api_version, payload, created from stripe_event where id = $1",
        event.getString("id"));
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).getString("outcome")).isEqualTo("credited");
    assertThat(stored.get(0).getString("api_version")).isEqualTo("2025-09-30.clover");
    assertThat(stored.get(0).getBuffer("payload").toJsonObject()).isEqualTo(event);
    assertThat(stored.get(0).getOffsetDateTime("created").toEpochSecond()).isEqualTo(event.getLong("created"));
    JsonObject entry = app.query("select source, money_key, account, month from ledger_entry where event_id = $1",
        event.getString("id")).get(0).toJson();
    assertThat(entry.getString("source")).isEqualTo("marketing_topup");
    assertThat(entry.getString("account")).isEqualTo(account);
    assertThat(entry.getString("money_key")).startsWith("payment:pi_");
  }

  @Test
  void thePayloadIsStoredAsTheExactBytesSentWhateverTheyHold() {
    // 1e2 re-encoded from the parsed double would be 100.0; a byte-order mark, and U+0000 anywhere, which
    // jsonb refuses, are kept too: reprocess and replay always have the original.
    String account = Events.newId("acct");
    JsonObject event = Events.wrap("checkout.session.completed", Events.paidSession(1200, "usd", account)
        .put("customer_details", new JsonObject().put("name", "Ada\u0000Lovelace")));
    String asSent = "\uFEFF" + event.copy().put("bench_number", 0).encode()
        .replace("\"bench_number\":0", "\"bench_number\":1e2");
    HttpResponse<Buffer> sent = app.postWebhook(asSent, StripeSigning.header(TestApp.SECRET, asSent));

    assertThat(sent.statusCode()).isEqualTo(200);
    assertThat(sent.bodyAsJsonObject().getString("outcome")).isEqualTo("credited");
    assertThat(app.budget(account).getLong("budget")).isEqualTo(1200);
    assertThat(app.query("select payload from stripe_event where id = $1", event.getString("id"))
        .get(0).getBuffer("payload").getBytes()).isEqualTo(asSent.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void aLargePayloadIsCompressedWithLz4AndReadBackExactly() {
    // pglz took most of PostgreSQL's CPU for the payload of a 3 KB event (V14, docs/performance.md).
    String account = Events.newId("acct");
    JsonObject metadata = new JsonObject();
    for (int i = 0; i < 50; i++) {
      metadata.put("key_" + i, "the value a store keeps in its metadata, number " + i);
    }
    JsonObject event = Events.wrap("checkout.session.completed", Events.paidSession(1500, "usd", account)
        .put("metadata", metadata));
    String asSent = event.encode();
    assertThat(asSent.length()).isGreaterThan(2500);

    assertThat(app.postWebhook(asSent, StripeSigning.header(TestApp.SECRET, asSent)).statusCode()).isEqualTo(200);

    io.vertx.sqlclient.Row stored = app.query("select payload, pg_column_compression(payload) as method"
        + " from stripe_event where id = $1", event.getString("id")).get(0);
    assertThat(stored.getString("method")).isEqualTo("lz4");
    assertThat(stored.getBuffer("payload").toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(asSent);
  }

  @Test
  void twentyConcurrentCopiesCreditOnce() {
    String account = Events.newId("acct");
    JsonObject event = Events.wrap("checkout.session.completed", Events.paidSession(700, "usd", account));

    List<Future<HttpResponse<Buffer>>> copies = IntStream.range(0, 20).mapToObj(i -> app.postEventAsync(event)).toList();
    Future.all(copies).await();

    List<String> outcomes = copies.stream().map(f -> f.result().bodyAsJsonObject().getString("outcome")).toList();
    assertThat(copies).allSatisfy(f -> assertThat(f.result().statusCode()).isEqualTo(200));
    assertThat(outcomes).containsOnlyOnce("credited");
    assertThat(outcomes.stream().filter("duplicate"::equals)).hasSize(19);
    assertThat(app.budget(account).getLong("budget")).isEqualTo(700);
    assertThat(app.count("select count(*) from ledger_entry where account = $1", account)).isEqualTo(1);
  }

  @Test
  void invoicePaymentSucceededCreditsAmountPaidAsSubscriptionPayment() {
    String account = Events.newId("acct");
    JsonObject event = Events.wrap("invoice.payment_succeeded", Events.paidInvoice(2900, "usd", account));

    assertThat(app.postEvent(event).bodyAsJsonObject().getString("outcome")).isEqualTo("credited");

    assertThat(app.budget(account).getLong("budget")).isEqualTo(2900);
    assertThat(app.query("select source from ledger_entry where event_id = $1", event.getString("id"))
        .get(0).getString("source")).isEqualTo("subscription_payment");
  }

  @Test
  void invoicePaidAndPaymentSucceededForOneInvoiceCreditOnce() {
    String account = Events.newId("acct");
    JsonObject invoice = Events.paidInvoice(1200, "usd", account);

    assertThat(app.postEvent(Events.wrap("invoice.paid", invoice)).bodyAsJsonObject().getString("outcome"))
        .isEqualTo("credited");
    assertThat(app.postEvent(Events.wrap("invoice.payment_succeeded", invoice)).bodyAsJsonObject().getString("outcome"))
        .isEqualTo("skipped");

    assertThat(app.budget(account).getLong("budget")).isEqualTo(1200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"customer.subscription.created", "customer.subscription.updated",
      "customer.subscription.deleted", "invoice.payment_failed"})
  void subscriptionChangesAndFailedPaymentsAreLoggedWithTheirMetadata(String type) {
    String account = Events.newId("acct");
    JsonObject object = new JsonObject().put("id", Events.newId("sub")).put("object", "subscription")
        .put("customer", "cus_123").put("customer_email", "jenny.rosen@example.com").put("status", "active")
        .put("plan", new JsonObject().put("id", "price_pro")).put("amount_due", 1900).put("currency", "usd")
        .put("metadata", new JsonObject().put("account_id", account));
    JsonObject event = Events.wrap(type, object);

    HttpResponse<Buffer> response = app.postEvent(event);

    assertThat(response.bodyAsJsonObject().getString("outcome")).isEqualTo("logged");
    io.vertx.sqlclient.Row row = app.query("select outcome, account, details from stripe_event where id = $1",
        event.getString("id")).get(0);
    assertThat(row.getString("account")).isEqualTo(account);
    JsonObject details = row.getJsonObject("details");
    assertThat(details.getString("customer")).isEqualTo("cus_123");
    assertThat(details.getString("customer_email")).isEqualTo("jenny.rosen@example.com");
    assertThat(details.getString("status")).isEqualTo("active");
    assertThat(details.getString("plan")).isEqualTo("price_pro");
    assertThat(details.getLong("amount_due")).isEqualTo(1900);
    assertThat(details.getString("event_id")).isEqualTo(event.getString("id"));
    assertThat(details.getString("event_type")).isEqualTo(type);
    assertThat(app.budget(account).getLong("budget")).isZero();
  }

  @Test
  void unknownEventTypeIsStoredAsIgnored() {
    JsonObject event = Events.wrap("customer.created", new JsonObject().put("id", "cus_1").put("object", "customer"));

    assertThat(app.postEvent(event).bodyAsJsonObject().getString("outcome")).isEqualTo("ignored");
    assertThat(app.count("select count(*) from stripe_event where id = $1 and outcome = 'ignored'",
        event.getString("id"))).isEqualTo(1);
  }

  @Test
  void chargeRefundedDebitsTheRefund() {
    String account = Events.newId("acct");
    JsonObject session = Events.paidSession(5000, "usd", account);
    app.postEvent(Events.wrap("checkout.session.completed", session));
    JsonObject charge = new JsonObject().put("id", Events.newId("ch")).put("object", "charge").put("amount", 5000)
        .put("amount_refunded", 1500).put("currency", "usd").put("payment_intent", session.getString("payment_intent"))
        .put("refunds", new JsonObject().put("data", new io.vertx.core.json.JsonArray().add(new JsonObject()
            .put("id", Events.newId("re")).put("amount", 1500).put("status", "succeeded"))));

    assertThat(app.postEvent(Events.wrap("charge.refunded", charge)).bodyAsJsonObject().getString("outcome"))
        .isEqualTo("debited");

    assertThat(app.budget(account).getLong("budget")).isEqualTo(3500);
  }

  @Test
  void badSignaturesAnswer400AndStoreNothing() {
    JsonObject event = Events.wrap("checkout.session.completed", Events.paidSession(5000, "usd", "nobody"));
    String payload = event.encode();
    long now = StripeSigning.now();
    List<String> headers = List.of(
        "garbage",
        "t=abc,v1=" + "0".repeat(64),
        StripeSigning.header(TestApp.SECRET, now - 301, payload),
        StripeSigning.header("whsec_wrong", payload),
        StripeSigning.header(TestApp.SECRET, payload).toUpperCase(),
        StripeSigning.header(TestApp.SECRET, payload).replace(",", ", "));

    for (String header : headers) {
      HttpResponse<Buffer> response = app.postWebhook(payload, header);
      assertThat(response.statusCode()).as(header).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("invalid_signature");
    }
    HttpResponse<Buffer> missing = app.postWebhook(payload, null);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("invalid_signature");

    String tampered = payload.replace("5000", "9000");
    HttpResponse<Buffer> forged = app.postWebhook(tampered, StripeSigning.header(TestApp.SECRET, now, payload));
    assertThat(forged.statusCode()).isEqualTo(400);

    assertThat(app.count("select count(*) from stripe_event where id = $1", event.getString("id"))).isZero();
  }

  @Test
  void signatureOverTheRawBytesIsVerifiedNotAReserializedJson() {
    String account = Events.newId("acct");
    // Spacing and key order a JSON library would not reproduce: only the raw bytes verify.
    String payload = "{ \"type\" : \"checkout.session.completed\",\n  \"id\":\"" + Events.newId("evt")
        + "\", \"created\": " + StripeSigning.now() + ", \"livemode\": false, \"data\": {\"object\": "
        + Events.paidSession(1234, "usd", account).encode() + "} }";

    HttpResponse<Buffer> response = app.postWebhook(payload, StripeSigning.header(TestApp.SECRET, payload));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(app.budget(account).getLong("budget")).isEqualTo(1234);
  }

  @Test
  void notJsonAndEventsWithoutIdOrTypeAreInvalidPayloads() {
    for (String payload : List.of("not json", "[1,2]", "{\"type\":\"x\"}", "{\"id\":\"evt_1\"}", "{\"id\":5,\"type\":\"x\"}")) {
      HttpResponse<Buffer> response = app.postWebhook(payload, StripeSigning.header(TestApp.SECRET, payload));
      assertThat(response.statusCode()).as(payload).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("invalid_payload");
    }
    assertThat(app.count("select count(*) from stripe_event where id = 'evt_1'")).isZero();
  }

  @Test
  void bodiesOverOneMebibyteAre413() {
    String payload = "{\"id\":\"evt_big\",\"type\":\"x\",\"pad\":\"" + "a".repeat(1024 * 1024) + "\"}";

    HttpResponse<Buffer> response = app.postWebhook(payload, StripeSigning.header(TestApp.SECRET, payload));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("payload_too_large");
    assertThat(app.count("select count(*) from stripe_event where id = 'evt_big'")).isZero();
  }

  @Test
  void getListsTheSupportedEvents() {
    JsonObject body = app.client().get("/api/webhooks/stripe").send().await().bodyAsJsonObject();

    assertThat(body.getString("status")).isEqualTo("ok");
    assertThat(body.getJsonArray("supported_events").getList())
        .contains("checkout.session.completed", "invoice.payment_succeeded", "invoice.paid", "charge.refunded",
            "customer.subscription.updated", "invoice.payment_failed");
  }
}
