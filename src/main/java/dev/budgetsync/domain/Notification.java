package dev.budgetsync.domain;

import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A notification as its receivers get it: {@code {"id": "ntf_...", "type", "created", "data"}}.
 * The id is what a receiver dedupes on, since delivery is at least once.
 */
public record Notification(String id, NotificationType type, long created, JsonObject data) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new notification, with a fresh id, created now. */
  public static Notification of(NotificationType type, JsonObject data) {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return new Notification("ntf_" + HexFormat.of().formatHex(bytes), type, Instant.now().getEpochSecond(), data);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("type", type.wire()).put("created", created).put("data", data.copy());
  }

  /** The JSON text that is stored, signed and sent: the same bytes at every attempt. */
  public String body() {
    return toJson().encode();
  }
}
