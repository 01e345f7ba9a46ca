package dev.budgetsync.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.MimeMapping;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

import java.util.Set;

/**
 * The operator dashboard: {@code /} is {@code webroot/index.html}, {@code /ui/<file>} its ES modules
 * and CSS in {@code webroot/ui}, from the jar, no build step. Served behind the same guard as the API
 * (see docs/dashboard.md).
 */
final class Dashboard {
  static final String PAGE = "/";
  /** What the page reads from its own query; any other parameter is refused (QueryParams). */
  static final Set<String> PAGE_PARAMS = Set.of("account", "month");
  /** One file name, no deeper path: every asset is listed in docs/openapi.yaml as {@code /ui/{file}}. */
  static final String ASSETS = "/ui/:file";
  private static final String POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
      + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private final StaticHandler files = StaticHandler.create("webroot")
      .setCachingEnabled(false).setDefaultContentEncoding("UTF-8");

  /** Headers of every dashboard file: only its own scripts, never framed, never stored by a cache. */
  void secure(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cache-Control", "no-store");
    if (ctx.request().method() == HttpMethod.HEAD) {
      // The static handler names a file's type for GET only; HEAD must say the same.
      String path = ctx.normalizedPath();
      String type = PAGE.equals(path) ? "text/html" : MimeMapping.mimeTypeForFilename(path);
      if (type != null) {
        ctx.response().putHeader("Content-Type", type + (type.startsWith("text/") ? ";charset=UTF-8" : ""));
      }
    }
    ctx.next();
  }

  StaticHandler files() {
    return files;
  }
}
