package dev.budgetsync.bridge;

import dev.budgetsync.billing.Access;
import dev.budgetsync.bus.StrictJson;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;

/**
 * One frame a client sent, checked whole before anything acts on it: one JSON object with a known
 * {@code type}, string-valued {@code headers}, string addresses and an object {@code body}. Anything
 * else is a {@link Malformed} frame, on which the bridge closes the connection. The outgoing frames
 * are built here too, in the shapes {@code docs/clients.md} documents.
 */
record Frame(String type, String address, String replyAddress, JsonObject headers, JsonObject body, long timeoutMs) {
  private static final Set<String> TYPES = Set.of("send", "publish", "register", "unregister", "ping");
  private static final String AUTHORIZATION = "Authorization";
  private static final String BEARER = "Bearer ";
  private static final String TIMEOUT = "timeout";
  private static final long DEFAULT_TIMEOUT_MS = 30_000;
  private static final long MAX_TIMEOUT_MS = 120_000;

  /** A frame the bridge will not act on; its message says why, for the log. */
  static final class Malformed extends Exception {
    Malformed(String why) {
      super(why, null, false, false);
    }
  }

  static Frame parse(Buffer payload) throws Malformed {
    JsonObject json = StrictJson.object(payload);
    if (json == null) {
      throw new Malformed("not one JSON object");
    }
    Object type = json.getValue("type");
    if (!(type instanceof String t) || !TYPES.contains(t)) {
      throw new Malformed(type == null ? "no type" : "unknown type");
    }
    Object headers = json.getValue("headers");
    if (headers != null && !(headers instanceof JsonObject h && h.stream().allMatch(e -> e.getValue() instanceof String))) {
      throw new Malformed("headers is not an object of strings");
    }
    Object body = json.getValue("body");
    if (body != null && !(body instanceof JsonObject)) {
      throw new Malformed("body is not an object");
    }
    JsonObject given = headers == null ? new JsonObject() : (JsonObject) headers;
    return new Frame(t, string(json, "address"), string(json, "replyAddress"), given, (JsonObject) body,
        timeoutMs(given));
  }

  private static String string(JsonObject json, String field) throws Malformed {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw new Malformed(field + " is not a string");
    }
    return (String) value;
  }

  /**
   * The caller's key: {@code headers.token}, as the contract has it, or the older
   * {@code headers.Authorization: Bearer <key>}, still accepted.
   */
  String token() {
    String token = headers.getString(Access.TOKEN_HEADER);
    if (token != null) {
      return token;
    }
    String authorization = headers.getString(AUTHORIZATION);
    return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
        ? authorization.substring(BEARER.length()).trim() : null;
  }

  /** How long to wait for billing's reply: {@code headers.timeout} in milliseconds, 1 to 120000. */
  private static long timeoutMs(JsonObject headers) throws Malformed {
    String value = headers.getString(TIMEOUT);
    if (value == null) {
      return DEFAULT_TIMEOUT_MS;
    }
    if (!value.matches("[0-9]{1,6}") || Long.parseLong(value) < 1 || Long.parseLong(value) > MAX_TIMEOUT_MS) {
      throw new Malformed("headers.timeout is not a number of milliseconds from 1 to " + MAX_TIMEOUT_MS);
    }
    return Long.parseLong(value);
  }

  /** The headers passed on to billing: the caller's own, the key as {@code token}, none of the bridge's. */
  MultiMap busHeaders() {
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, Object> header : headers) {
      if (!header.getKey().equals(AUTHORIZATION) && !header.getKey().equals(TIMEOUT)
          && !header.getKey().equals(Access.TOKEN_HEADER)) {
        out.add(header.getKey(), (String) header.getValue());
      }
    }
    String token = token();
    return token == null ? out : out.add(Access.TOKEN_HEADER, token);
  }

  static JsonObject message(String address, boolean send, MultiMap headers, Object body) {
    JsonObject outHeaders = new JsonObject();
    headers.forEach(outHeaders::put);
    return new JsonObject().put("type", "message").put("address", address).put("headers", outHeaders)
        .put("send", send).put("body", body);
  }

  /** Billing's failure, answered to the request it belongs to. */
  static JsonObject failure(String replyAddress, String sourceAddress, ReplyException failure) {
    return new JsonObject().put("type", "err").put("address", replyAddress).put("sourceAddress", sourceAddress)
        .put("failureCode", failure.failureCode()).put("failureType", failure.failureType().name())
        .put("message", failure.getMessage());
  }

  /** The bridge's own refusal of a frame: a configuration error of the client's, matched to no request. */
  static JsonObject refusal(String message) {
    return new JsonObject().put("type", "err").put("message", message);
  }

  static JsonObject pong() {
    return new JsonObject().put("type", "pong");
  }
}
