package dev.budgetsync.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Strict reads of Stripe object fields: a wrong type is a poison event, not a silent zero. */
final class StripeFields {
  /** Stripe ids are letters, digits and '_'; printable ASCII is accepted, anything else is poison. */
  private static final Pattern ID = Pattern.compile("[!-~]{1,255}");

  private StripeFields() {
  }

  /** A non-negative integer amount in minor units, or null when absent. */
  static Long amount(JsonObject object, String field) {
    Object value = object == null ? null : object.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof BigInteger big && big.signum() > 0) {
      // Beyond any long: unbelievable rather than malformed, so the event needs review.
      return Long.MAX_VALUE;
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw new PoisonEventException(field + " is not an integer amount");
    }
    long amount = ((Number) value).longValue();
    if (amount < 0) {
      throw new PoisonEventException(field + " is negative");
    }
    return amount;
  }

  static long requiredAmount(JsonObject object, String field) {
    Long amount = amount(object, field);
    if (amount == null) {
      throw new PoisonEventException(field + " is missing");
    }
    return amount;
  }

  static String string(JsonObject object, String field) {
    Object value = object == null ? null : object.getValue(field);
    return value instanceof String s && !s.isEmpty() ? s : null;
  }

  /** An id field that Stripe sends either as a string or, when expanded, as an object with an id. */
  static String id(JsonObject object, String field) {
    Object value = object == null ? null : object.getValue(field);
    String id = value instanceof JsonObject expanded ? string(expanded, "id") : value instanceof String s ? s : null;
    if (id == null || id.isEmpty()) {
      return null;
    }
    if (!ID.matcher(id).matches()) {
      throw new PoisonEventException(field + " is not a Stripe id");
    }
    return id;
  }

  static String requireId(JsonObject object) {
    String id = id(object, "id");
    if (id == null) {
      throw new PoisonEventException("data.object has no id");
    }
    return id;
  }

  /** The distinct non-null ids, in the order given. */
  static List<String> ids(String... ids) {
    return Stream.of(ids).filter(Objects::nonNull).distinct().toList();
  }

  static JsonObject object(JsonObject object, String field) {
    Object value = object == null ? null : object.getValue(field);
    return value instanceof JsonObject o ? o : null;
  }

  /** The objects of a Stripe list field ({@code {"data": [...]}}), or none. */
  static List<JsonObject> listed(JsonObject object, String field) {
    JsonObject list = object(object, field);
    JsonArray data = list == null || !(list.getValue("data") instanceof JsonArray array) ? null : array;
    if (data == null) {
      return List.of();
    }
    return data.stream().map(item -> {
      if (!(item instanceof JsonObject o)) {
        throw new PoisonEventException(field + ".data holds a non-object");
      }
      return o;
    }).toList();
  }

  /** Follows a path of nested objects, e.g. {@code parent.subscription_details.metadata}. */
  static JsonObject path(JsonObject object, String... fields) {
    JsonObject current = object;
    for (String field : fields) {
      current = object(current, field);
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  static String currency(JsonObject object) {
    String currency = string(object, "currency");
    if (currency == null) {
      throw new PoisonEventException("currency is missing");
    }
    return currency.toLowerCase(Locale.ROOT);
  }
}
