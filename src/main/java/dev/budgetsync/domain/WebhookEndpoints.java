package dev.budgetsync.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether the account's webhook endpoints ({@code GET /v1/webhook_endpoints}) deliver what this
 * service needs: each endpoint of this service must be enabled and send every type it handles.
 * An endpoint is this service's when its URL ends with {@link #ROUTE}; an account may hold other
 * applications' endpoints, which are shown but not judged. When no URL ends so (a proxy rewrites
 * the path), every endpoint is judged, since which one is ours cannot be told.
 */
public final class WebhookEndpoints {
  public static final String ROUTE = "/api/webhooks/stripe";
  public static final String DISABLED = "disabled";
  public static final String MISSING_EVENTS = "missing_events";
  public static final String NO_ENDPOINT = "no_endpoint";

  private WebhookEndpoints() {
  }

  /**
   * The verdict: every endpoint with its problems, the count of each problem, and one finding per
   * problem for people.
   */
  public record Health(List<JsonObject> endpoints, Map<String, Integer> problems, List<String> findings) {
    public JsonObject toJson(Instant checkedAt) {
      JsonObject counts = new JsonObject();
      problems.forEach(counts::put);
      return new JsonObject().put("checked_at", checkedAt.toString()).put("endpoints", new JsonArray(endpoints))
          .put("problems", counts).put("findings", new JsonArray(findings));
    }
  }

  public static Health check(List<JsonObject> endpoints, List<String> needed) {
    boolean anyOurs = endpoints.stream().anyMatch(WebhookEndpoints::isOurs);
    Map<String, Integer> problems = new LinkedHashMap<>();
    List.of(DISABLED, MISSING_EVENTS, NO_ENDPOINT).forEach(problem -> problems.put(problem, 0));
    List<String> findings = new ArrayList<>();
    List<JsonObject> shown = new ArrayList<>();
    for (JsonObject endpoint : endpoints) {
      boolean judged = !anyOurs || isOurs(endpoint);
      String name = endpoint.getString("id") + " (" + endpoint.getString("url") + ")";
      JsonArray found = new JsonArray();
      List<String> missing = judged ? missing(endpoint, needed) : List.of();
      if (judged && !"enabled".equals(endpoint.getString("status"))) {
        found.add(DISABLED);
        findings.add(name + " is " + endpoint.getString("status") + ": Stripe sends it nothing");
      }
      if (!missing.isEmpty()) {
        found.add(MISSING_EVENTS);
        findings.add(name + " does not send " + String.join(", ", missing));
      }
      found.forEach(problem -> problems.merge((String) problem, 1, Integer::sum));
      shown.add(new JsonObject().put("id", endpoint.getString("id")).put("url", endpoint.getString("url"))
          .put("status", endpoint.getString("status")).put("api_version", endpoint.getString("api_version"))
          .put("judged", judged).put("problems", found).put("missing_events", new JsonArray(missing)));
    }
    if (endpoints.isEmpty()) {
      problems.put(NO_ENDPOINT, 1);
      findings.add("the account has no webhook endpoint: events arrive only by reconciliation");
    }
    return new Health(shown, problems, findings);
  }

  private static List<String> missing(JsonObject endpoint, List<String> needed) {
    JsonArray enabled = endpoint.getJsonArray("enabled_events", new JsonArray());
    if (enabled.contains("*")) {
      return List.of();
    }
    return needed.stream().filter(type -> !enabled.contains(type)).toList();
  }

  private static boolean isOurs(JsonObject endpoint) {
    try {
      String path = URI.create(endpoint.getString("url", "")).getPath();
      return path != null && path.replaceAll("/+$", "").endsWith(ROUTE);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
