package dev.budgetsync.http;

import dev.budgetsync.bus.ServiceError;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;

/**
 * The query parameters a route takes. Any other one is refused with {@code 400 invalid_request}
 * naming it, so that a misspelt filter ({@code ?outcom=failed}) never silently answers everything.
 */
final class QueryParams {
  private QueryParams() {
  }

  /** A route step that lets through requests with only these parameters, each at most once. */
  static Handler<RoutingContext> only(String... names) {
    return ctx -> {
      read(ctx, names);
      ctx.next();
    };
  }

  /** The named parameters as JSON strings; refuses an unknown or repeated one. */
  static JsonObject read(RoutingContext ctx, String... names) {
    Set<String> known = Set.of(names);
    for (String given : ctx.queryParams().names()) {
      if (!known.contains(given)) {
        throw ServiceError.invalid("unknown query parameter " + given + (names.length == 0
            ? ": this route takes none" : ": this route takes " + String.join(", ", names)));
      }
    }
    JsonObject json = new JsonObject();
    for (String name : names) {
      List<String> values = ctx.queryParam(name);
      if (values.size() > 1) {
        throw ServiceError.invalid(name + " is given more than once");
      }
      if (!values.isEmpty()) {
        json.put(name, values.get(0));
      }
    }
    return json;
  }
}
