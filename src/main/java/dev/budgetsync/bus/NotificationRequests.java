package dev.budgetsync.bus;

import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.regex.Pattern;

/** The requests of the notification routes ({@link Addresses#NOTIFICATIONS}, {@link Addresses#NOTIFICATION_RETRY}). */
public final class NotificationRequests {
  private static final Set<String> STATUSES = Set.of("pending", "delivered", "failed");
  private static final Pattern ID = Pattern.compile("ntf_[A-Za-z0-9]{1,64}");

  private NotificationRequests() {
  }

  /** @param status null for every status */
  public record ListQuery(String status, int limit, String startingAfter) {
  }

  public record RetryRequest(String id) {
  }

  public static ListQuery list(JsonObject body) {
    String status = Fields.string(body, "status", null);
    if (status != null && !STATUSES.contains(status)) {
      throw Fields.invalid("status", "must be pending, delivered or failed");
    }
    return new ListQuery(status, Fields.limit(body, 10, 100), id(body, "starting_after", false));
  }

  public static RetryRequest retry(JsonObject body) {
    return new RetryRequest(id(body, "id", true));
  }

  private static String id(JsonObject body, String field, boolean required) {
    String id = Fields.string(body, field, null);
    if ((id == null && required) || (id != null && !ID.matcher(id).matches())) {
      throw Fields.invalid(field, "must be a notification id ntf_...");
    }
    return id;
  }
}
