package dev.budgetsync.http;

import dev.budgetsync.config.Secrets;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;


/**
 * The admin guard. Lets a request through with {@code Authorization: Bearer <ADMIN_TOKEN>}, compared in
 * constant time; or, for reads (GET, HEAD) only, with the dashboard's session cookie, which the
 * sign-in form's {@code POST /} trades for the token ({@link DashboardSession}). Writes always need
 * the bearer header, so the browser session can look but never move money.
 */
final class BearerAuth implements Handler<RoutingContext> {
  private static final String PREFIX = "Bearer ";
  private final String token;
  private final DashboardSession session;

  BearerAuth(String token, DashboardSession session) {
    this.token = token;
    this.session = session;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        && Secrets.constantTimeEquals(token, header.substring(PREFIX.length()).trim())) {
      ctx.next();
    } else if (isRead(ctx) && session.isValid(ctx.request().getCookie(DashboardSession.COOKIE))) {
      ctx.next();
    } else if (DashboardSession.wantsPage(ctx)) {
      DashboardSession.askForToken(ctx, null);
    } else {
      Errors.byStatus(ctx, 401);
    }
  }

  private static boolean isRead(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    return method == HttpMethod.GET || method == HttpMethod.HEAD;
  }
}
