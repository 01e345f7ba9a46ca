package dev.budgetsync.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Text from outside made safe to store and log: control characters written as {@code \\uXXXX}. */
public final class Texts {
  private Texts() {
  }

  public static String printable(String text) {
    if (text == null || text.chars().noneMatch(Character::isISOControl)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    text.chars().forEach(c -> {
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.append((char) c);
      }
    });
    return out.toString();
  }

  /** A copy of {@code json} whose keys and strings are {@link #printable}. */
  public static JsonObject printable(JsonObject json) {
    JsonObject copy = new JsonObject();
    json.forEach(entry -> copy.put(printable(entry.getKey()), printableValue(entry.getValue())));
    return copy;
  }

  private static Object printableValue(Object value) {
    if (value instanceof String s) {
      return printable(s);
    }
    if (value instanceof JsonObject o) {
      return printable(o);
    }
    if (value instanceof JsonArray a) {
      JsonArray copy = new JsonArray();
      a.forEach(item -> copy.add(printableValue(item)));
      return copy;
    }
    return value;
  }
}
