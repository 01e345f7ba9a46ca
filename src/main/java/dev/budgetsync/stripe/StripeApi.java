package dev.budgetsync.stripe;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The read calls this service makes to Stripe's API, on raw JSON through Vert.x's HTTP client (see
 * docs/reconciliation.md for why not stripe-java). Every call retries as {@link Retries} says and
 * fails with a {@link StripeApiException}. Lists come in pages of {@link #PAGE_SIZE}.
 */
public final class StripeApi {
  /**
   * Pinned, so that the shape of what the lookups read does not change with the account's default
   * version. Events are not affected: Stripe renders each one in the version of its creation.
   */
  public static final String API_VERSION = "2025-09-30.clover";
  public static final int PAGE_SIZE = 100;
  static final int WHOLE_LIST_MAX_PAGES = 10;
  static final int WHOLE_LIST_MAX_BYTES = 8 * 1024 * 1024;

  private final HttpClient client;
  private final StripeHttp http;

  public StripeApi(Vertx vertx, String secretKey, URI base, Retries retries) {
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) Math.min(retries.requestTimeoutMs(), 10_000)));
    this.http = new StripeHttp(vertx, client, secretKey, base, retries);
  }

  /**
   * {@code GET /v1/events}: one page of the events of {@code types} created at or after
   * {@code createdGte} (unix seconds), newest first, after {@code startingAfter} (null for the first).
   */
  public Future<StripeList> events(long createdGte, List<String> types, String startingAfter) {
    List<Map.Entry<String, String>> query = page(startingAfter);
    query.add(Map.entry("created[gte]", Long.toString(createdGte)));
    types.forEach(type -> query.add(Map.entry("types[]", type)));
    return http.get("/v1/events", query).map(StripeList::parse);
  }

  /** {@code GET /v1/webhook_endpoints}, every page. */
  public Future<List<JsonObject>> webhookEndpoints() {
    return all("/v1/webhook_endpoints", List.of());
  }

  /** {@code GET /v1/payment_intents/{id}} with its {@code latest_charge} expanded (its metadata, its id). */
  public Future<JsonObject> paymentIntent(String id) {
    return object("/v1/payment_intents/" + id, List.of(Map.entry("expand[]", "latest_charge")));
  }

  /** {@code GET /v1/charges/{id}}. */
  public Future<JsonObject> charge(String id) {
    return object("/v1/charges/" + id, List.of());
  }

  /**
   * {@code GET /v1/invoice_payments?payment[type]=payment_intent&payment[payment_intent]=...}: the
   * invoices a PaymentIntent paid (API 2025-03-31 and later, where neither object names the other).
   */
  public Future<List<JsonObject>> invoicePaymentsOf(String paymentIntentId) {
    return all("/v1/invoice_payments", List.of(Map.entry("payment[type]", "payment_intent"),
        Map.entry("payment[payment_intent]", paymentIntentId)));
  }

  /** {@code GET /v1/invoices/{id}}; its {@code parent.subscription_details} carries the subscription's metadata. */
  public Future<JsonObject> invoice(String id) {
    return object("/v1/invoices/" + id, List.of());
  }

  /** {@code GET /v1/subscriptions/{id}}, for its current metadata. */
  public Future<JsonObject> subscription(String id) {
    return object("/v1/subscriptions/" + id, List.of());
  }

  public void close() {
    client.close();
  }

  private Future<JsonObject> object(String path, List<Map.Entry<String, String>> query) {
    if (!path.matches("/v1/[a-z_]+/[A-Za-z0-9_]{1,255}")) {
      return Future.failedFuture(new StripeApiException(StripeApiException.Kind.REFUSED, 0,
          "not a Stripe object id: " + path.substring(path.lastIndexOf('/') + 1)));
    }
    return http.get(path, query).map(JsonObject::new);
  }

  /**
   * A whole list, held in memory: so it is bounded in pages and bytes far below what one answer may
   * be, since the lists read whole are short (an account has at most 16 webhook endpoints, a payment a
   * few invoice payments) and a broken or hostile API must fail the walk, not exhaust the heap.
   */
  private Future<List<JsonObject>> all(String path, List<Map.Entry<String, String>> filter) {
    return pages(path, filter, null, new ListCursor("GET " + path, WHOLE_LIST_MAX_PAGES), new ArrayList<>(), 0);
  }

  private Future<List<JsonObject>> pages(String path, List<Map.Entry<String, String>> filter, String after,
                                         ListCursor cursor, List<JsonObject> found, long bytesSoFar) {
    List<Map.Entry<String, String>> query = page(after);
    query.addAll(filter);
    return http.get(path, query).compose(body -> {
      long bytes = bytesSoFar + body.length();
      if (bytes > WHOLE_LIST_MAX_BYTES) {
        return Future.failedFuture(new StripeApiException(StripeApiException.Kind.MISBEHAVED, 200,
            "the Stripe API's list GET " + path + " holds more than " + WHOLE_LIST_MAX_BYTES / (1024 * 1024)
                + " MiB, far beyond what it can hold; the walk stopped there"));
      }
      StripeList page = StripeList.parse(body);
      found.addAll(page.objects());
      String next = cursor.next(page);
      return next != null ? pages(path, filter, next, cursor, found, bytes) : Future.succeededFuture(found);
    });
  }

  private static List<Map.Entry<String, String>> page(String startingAfter) {
    List<Map.Entry<String, String>> query = new ArrayList<>();
    query.add(Map.entry("limit", Integer.toString(PAGE_SIZE)));
    if (startingAfter != null) {
      query.add(Map.entry("starting_after", startingAfter));
    }
    return query;
  }
}
