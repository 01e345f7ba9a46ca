package dev.budgetsync.bench;

import dev.budgetsync.cli.SampleEvents;
import dev.budgetsync.money.Months;
import dev.budgetsync.stripe.StripeSigner;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.SplittableRandom;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Unique paid {@code checkout.session.completed} events (payment mode), about 3.2 KB each, as a
 * store sends them today: the current-shape Checkout Session of Stripe's OpenAPI fixtures, paid,
 * with the buyer's details (name, email, phone, address, collected shipping details) and the
 * store's metadata (order, plan, campaign). Each is serialised once and signed once as Stripe
 * signs: HMAC-SHA256 with the whole {@code whsec_} secret over {@code "t." + body}, one {@code t}
 * for the whole set.
 */
final class SignedEvents {
  static final String TEMPLATE = "/samples/stripe-openapi__fixtures3.checkout.session.json";
  private static final SecureRandom SEEDS = new SecureRandom();

  final String[] ids;
  final String[] accounts;
  final long[] amounts;
  final byte[][] bodies;
  final String[] headers;
  final String month;
  long signedAt;

  private SignedEvents(int n, String month) {
    ids = new String[n];
    accounts = new String[n];
    amounts = new long[n];
    bodies = new byte[n][];
    headers = new String[n];
    this.month = month;
  }

  int size() {
    return ids.length;
  }

  /** {@code n} events, amounts 100..10000 usd, accounts {@code <prefix><0..k-1>} drawn uniformly. */
  static SignedEvents create(int n, int k, String accountPrefix, String secret) {
    JsonObject template = template();
    SplittableRandom random = new SplittableRandom(SEEDS.nextLong());
    long now = System.currentTimeMillis() / 1000;
    SignedEvents events = new SignedEvents(n, Months.ofEpochSecond(now));
    for (int i = 0; i < n; i++) {
      String account = accountPrefix + random.nextInt(k);
      long amount = 100 + random.nextInt(9901);
      String id = "evt_" + hex(random, 12);
      String customer = "cus_" + hex(random, 7);
      JsonObject session = template.copy()
          .put("id", "cs_test_" + hex(random, 28)).put("mode", "payment").put("status", "complete")
          .put("payment_status", "paid").put("currency", "usd").put("amount_subtotal", amount)
          .put("amount_total", amount).put("client_reference_id", account).put("customer", customer)
          .put("payment_intent", "pi_" + hex(random, 12)).put("subscription", null)
          .put("total_details", new JsonObject().put("amount_discount", 0).put("amount_shipping", 0).put("amount_tax", 0))
          .put("customer_details", customerDetails(i)).put("metadata", metadata(i, customer))
          .put("expires_at", now + 86_400).put("created", now - 60);
      JsonObject event = new JsonObject()
          .put("id", id).put("object", "event").put("api_version", SampleEvents.API_VERSION).put("created", now)
          .put("data", new JsonObject().put("object", session)).put("livemode", false).put("pending_webhooks", 1)
          .put("request", new JsonObject().put("id", null).put("idempotency_key", null))
          .put("type", "checkout.session.completed");
      events.ids[i] = id;
      events.accounts[i] = account;
      events.amounts[i] = amount;
      events.bodies[i] = event.encode().getBytes(UTF_8);
    }
    events.sign(secret);
    return events;
  }

  /**
   * Signs every body with one timestamp taken now. A redelivery is signed again by Stripe with a
   * new timestamp over the same bytes; this does the same, so resends stay inside the tolerance.
   */
  void sign(String secret) {
    StripeSigner signer = new StripeSigner(secret);
    signedAt = System.currentTimeMillis() / 1000;
    for (int i = 0; i < bodies.length; i++) {
      headers[i] = signer.header(signedAt, bodies[i]);
    }
  }

  int averageBodyBytes() {
    long total = 0;
    for (byte[] body : bodies) {
      total += body.length;
    }
    return bodies.length == 0 ? 0 : (int) (total / bodies.length);
  }

  private static JsonObject customerDetails(int i) {
    JsonObject address = new JsonObject().put("city", "Springfield").put("country", "US")
        .put("line1", (100 + i % 900) + " Evergreen Terrace").put("line2", null)
        .put("postal_code", String.format(Locale.ROOT, "%05d", 10_000 + i % 89_999)).put("state", "IL");
    return new JsonObject().put("address", address).put("email", "buyer" + i + "@example.com")
        .put("name", "Buyer Number " + i).put("phone", "+1555" + String.format(Locale.ROOT, "%07d", i % 10_000_000))
        .put("tax_exempt", "none").put("tax_ids", new JsonArray()).put("business_name", null)
        .put("individual_name", null);
  }

  private static JsonObject metadata(int i, String customer) {
    return new JsonObject().put("order_id", "ord_" + (1_000_000 + i)).put("plan", "agents-pro")
        .put("seats", String.valueOf(1 + i % 20)).put("crm_contact", customer);
  }

  private static JsonObject template() {
    try (InputStream in = SignedEvents.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + TEMPLATE + " is not on the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hex(SplittableRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
