package dev.budgetsync.domain;

import io.vertx.core.json.JsonObject;

import java.util.regex.Pattern;

/**
 * The envelope fields of a Stripe event, read from the raw JSON so that every API version works.
 *
 * @param created unix seconds, or null when the event carries none
 */
public record StripeEvent(String id, String type, Long created, boolean livemode, String apiVersion, JsonObject json) {
  /** Printable ASCII without spaces: Stripe's ids and types are far narrower; anything else is not an event. */
  private static final Pattern NAME = Pattern.compile("[!-~]{1,255}");

  /** Reads the envelope; null when the payload has no printable string {@code id} and {@code type}. */
  public static StripeEvent parse(JsonObject json) {
    if (!(json.getValue("id") instanceof String id) || !NAME.matcher(id).matches()
        || !(json.getValue("type") instanceof String type) || !NAME.matcher(type).matches()) {
      return null;
    }
    Object created = json.getValue("created");
    Long createdSeconds = created instanceof Integer || created instanceof Long ? ((Number) created).longValue() : null;
    Object api = json.getValue("api_version");
    return new StripeEvent(id, type, createdSeconds, Boolean.TRUE.equals(json.getValue("livemode")),
        api instanceof String s && NAME.matcher(s).matches() ? s : null, json);
  }

  /** {@code data.object}, the Stripe object the event is about; empty when absent. */
  public JsonObject object() {
    Object data = json.getValue("data");
    if (data instanceof JsonObject d && d.getValue("object") instanceof JsonObject o) {
      return o;
    }
    return new JsonObject();
  }
}
