package dev.budgetsync.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.function.Function;

/** One page of a list, Stripe-style: the items and whether more follow. */
public record Page<T>(List<T> data, boolean hasMore) {

  /** {@code {"object": "list", "data": [...], "has_more": bool}}. */
  public JsonObject toJson(Function<T, JsonObject> item) {
    JsonArray items = new JsonArray();
    data.forEach(element -> items.add(item.apply(element)));
    return new JsonObject().put("object", "list").put("data", items).put("has_more", hasMore);
  }
}
