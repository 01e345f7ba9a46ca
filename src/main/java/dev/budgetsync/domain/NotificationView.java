package dev.budgetsync.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * A stored notification as {@code GET /api/notifications} shows it: what was sent, and how each
 * destination's delivery stands. {@code status} is {@code pending} while any delivery is, else
 * {@code failed} if any failed, else {@code delivered}.
 */
public record NotificationView(String id, String type, long created, String status, JsonObject data,
                               List<Delivery> deliveries) {

  /**
   * One destination's delivery; the destination is named by its place in NOTIFY_URLS and its host.
   *
   * @param nextAttemptAt null unless pending
   */
  public record Delivery(int destination, String host, String status, int attempts, Integer lastStatus,
                         String lastError, Instant nextAttemptAt, Instant deliveredAt) {
    JsonObject toJson() {
      return new JsonObject().put("destination", destination).put("host", host).put("status", status)
          .put("attempts", attempts).put("last_status", lastStatus).put("last_error", lastError)
          .put("next_attempt_at", nextAttemptAt == null ? null : nextAttemptAt.toString())
          .put("delivered_at", deliveredAt == null ? null : deliveredAt.toString());
    }
  }

  public JsonObject toJson() {
    JsonArray items = new JsonArray();
    deliveries.forEach(delivery -> items.add(delivery.toJson()));
    return new JsonObject().put("id", id).put("type", type).put("created", created).put("status", status)
        .put("data", data).put("deliveries", items);
  }
}
