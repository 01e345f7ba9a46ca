package dev.budgetsync.support;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A local stand-in for Stripe's API, as a Vert.x HTTP server on a free port. Lists follow Stripe's
 * rules: newest first, {@code limit} at most 100, {@code starting_after}, {@code has_more}, bodies
 * pretty-printed as Stripe sends them; events filter on {@code created[gte]} and {@code types[]},
 * invoice payments on {@code payment[payment_intent]}; objects are served by path. Any key but
 * {@link #KEY} is answered 401 as Stripe answers it. Faults are ordered per request: an answer with
 * a status and headers, once, for the first request whose decoded URI contains a text; or a delay
 * before every answer.
 */
public final class FakeStripe {
  public static final String KEY = "sk_test_fake51Hx0123456789abcdef";

  private final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final List<JsonObject> endpoints = new CopyOnWriteArrayList<>();
  private final List<JsonObject> invoicePayments = new CopyOnWriteArrayList<>();
  private final Map<String, JsonObject> objects = new ConcurrentHashMap<>();
  private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();
  private final Vertx vertx;
  private HttpServer server;
  private final Map<String, Handler<HttpServerRequest>> takenOver = new ConcurrentHashMap<>();
  private volatile long delayMs;
  private volatile boolean ignoreStartingAfter;
  private volatile boolean down;

  /** An answer given once instead of the real one, to the first request whose decoded URI contains {@code uriPart}. */
  public record Fault(String uriPart, int status, Map<String, String> headers, JsonObject body) {
  }

  private FakeStripe(Vertx vertx) {
    this.vertx = vertx;
  }

  public static FakeStripe start(Vertx vertx) {
    FakeStripe fake = new FakeStripe(vertx);
    fake.server = vertx.createHttpServer().requestHandler(fake::handle).listen(0, "127.0.0.1").await();
    return fake;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public void stop() {
    server.close().await();
  }

  public void addEvents(List<JsonObject> more) {
    events.addAll(more);
  }

  public void addEndpoint(JsonObject endpoint) {
    endpoints.add(endpoint);
  }

  public void addInvoicePayment(JsonObject invoicePayment) {
    invoicePayments.add(invoicePayment);
  }

  /** Serves {@code object} at {@code /v1/<collection>/<its id>}. */
  public void addObject(String collection, JsonObject object) {
    objects.put("/v1/" + collection + "/" + object.getString("id"), object);
  }

  public void fault(String uriPart, int status, Map<String, String> answerHeaders) {
    faults.add(new Fault(uriPart, status, answerHeaders, new JsonObject().put("error", new JsonObject()
        .put("type", status == 429 ? "rate_limit_error" : "api_error").put("message", "fault " + status))));
  }

  /** Every request for {@code path} is answered by {@code answer} (a hostile or broken server), after the key check. */
  public void takeOver(String path, Handler<HttpServerRequest> answer) {
    takenOver.put(path, answer);
  }

  /** Lists answer their first page whatever {@code starting_after} asks: a cursor that never advances. */
  public void ignoreStartingAfter(boolean ignore) {
    ignoreStartingAfter = ignore;
  }

  /** While down, every request with the right key is answered 503, as during an outage of Stripe's API. */
  public void down(boolean isDown) {
    down = isDown;
  }

  public void delay(long ms) {
    delayMs = ms;
  }

  /** Every request received, as {@code GET <decoded URI>}, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** The headers of every request received, in order. */
  public List<Map<String, String>> requestHeaders() {
    return List.copyOf(headers);
  }

  private void handle(HttpServerRequest request) {
    String uri = URLDecoder.decode(request.uri(), UTF_8);
    requests.add(request.method() + " " + uri);
    Map<String, String> received = new ConcurrentHashMap<>();
    request.headers().forEach(h -> received.put(h.getKey().toLowerCase(), h.getValue()));
    headers.add(received);
    Runnable answer = () -> answer(request, uri);
    if (delayMs > 0) {
      vertx.setTimer(delayMs, id -> answer.run());
    } else {
      answer.run();
    }
  }

  private void answer(HttpServerRequest request, String uri) {
    String authorization = request.getHeader("Authorization");
    if (!("Bearer " + KEY).equals(authorization)) {
      String given = authorization == null ? "" : authorization.replace("Bearer ", "");
      String masked = given.length() > 12 ? given.substring(0, 8) + "*".repeat(given.length() - 12)
          + given.substring(given.length() - 4) : given;
      send(request, 401, Map.of(), error("invalid_request_error", "Invalid API Key provided: " + masked));
      return;
    }
    for (Fault fault : faults) {
      if (uri.contains(fault.uriPart()) && faults.remove(fault)) {
        send(request, fault.status(), fault.headers(), fault.body());
        return;
      }
    }
    if (down) {
      send(request, 503, Map.of(), error("api_error", "the fake is down"));
      return;
    }
    String path = request.path();
    Handler<HttpServerRequest> hostile = takenOver.get(path);
    if (hostile != null) {
      hostile.handle(request);
      return;
    }
    switch (path) {
      case "/v1/events" -> list(request, path, events.stream().filter(e -> matches(request, e)).toList());
      case "/v1/webhook_endpoints" -> list(request, path, endpoints);
      case "/v1/invoice_payments" -> list(request, path, invoicePayments.stream().filter(p -> p.getJsonObject("payment")
          .getString("payment_intent").equals(request.getParam("payment[payment_intent]"))).toList());
      default -> {
        JsonObject object = objects.get(path);
        if (object == null) {
          send(request, 404, Map.of(), error("invalid_request_error", "No such object: '" + path + "'"));
        } else {
          send(request, 200, Map.of(), object);
        }
      }
    }
  }

  private static boolean matches(HttpServerRequest request, JsonObject event) {
    String gte = request.getParam("created[gte]");
    List<String> types = request.params().getAll("types[]");
    return (gte == null || event.getLong("created") >= Long.parseLong(gte))
        && (types.isEmpty() || types.contains(event.getString("type")));
  }

  /** A Stripe list page: newest first (created, then id), after {@code starting_after}, at most {@code limit}. */
  private void list(HttpServerRequest request, String path, List<JsonObject> all) {
    int limit = Integer.parseInt(request.params().get("limit") == null ? "10" : request.getParam("limit"));
    if (limit < 1 || limit > 100) {
      send(request, 400, Map.of(), error("invalid_request_error", "limit must be between 1 and 100"));
      return;
    }
    List<JsonObject> sorted = new ArrayList<>(all);
    sorted.sort(Comparator.comparing((JsonObject o) -> o.getLong("created", 0L)).thenComparing(o -> o.getString("id"))
        .reversed());
    int from = 0;
    String after = ignoreStartingAfter ? null : request.getParam("starting_after");
    if (after != null) {
      from = sorted.stream().map(o -> o.getString("id")).toList().indexOf(after) + 1;
      if (from == 0) {
        send(request, 400, Map.of(), error("invalid_request_error", "No such object: '" + after + "'"));
        return;
      }
    }
    List<JsonObject> page = sorted.subList(from, Math.min(sorted.size(), from + limit));
    JsonObject list = new JsonObject().put("object", "list").put("data", new JsonArray(new ArrayList<>(page)))
        .put("has_more", from + limit < sorted.size()).put("url", path);
    send(request, 200, Map.of(), list);
  }

  private static JsonObject error(String type, String message) {
    return new JsonObject().put("error", new JsonObject().put("type", type).put("message", message));
  }

  private static void send(HttpServerRequest request, int status, Map<String, String> answerHeaders, JsonObject body) {
    answerHeaders.forEach((name, value) -> request.response().putHeader(name, value));
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .putHeader("Request-Id", "req_fake").end(body.encodePrettily());
  }
}
