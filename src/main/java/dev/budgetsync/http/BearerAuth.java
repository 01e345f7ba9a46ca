package dev.budgetsync.http;

import dev.budgetsync.config.Secrets;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Lets a request through only with {@code Authorization: Bearer <ADMIN_TOKEN>}, compared in constant time. */
final class BearerAuth implements Handler<RoutingContext> {
  private static final String PREFIX = "Bearer ";
  private final String token;

  BearerAuth(String token) {
    this.token = token;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        && Secrets.constantTimeEquals(token, header.substring(PREFIX.length()).trim())) {
      ctx.next();
    } else {
      Errors.byStatus(ctx, 401);
    }
  }
}
