package dev.budgetsync.http;

import dev.budgetsync.billing.Access;
import dev.budgetsync.billing.Caller;
import dev.budgetsync.bus.ErrorType;
import dev.budgetsync.bus.ServiceError;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;


/**
 * The HTTP side of {@link Access}: lets a request through with {@code Authorization: Bearer <key>}
 * ({@code ADMIN_TOKEN} or an API key), or, for reads (GET, HEAD) only, with the dashboard's session
 * cookie, which the sign-in form's {@code POST /} trades for a key ({@link DashboardSession}). Writes
 * always need the bearer header, so the browser session can look but never move money. The caller
 * goes with the request ({@link #caller}) to the handlers, which have {@link Access} permit what it
 * asks for.
 */
final class BearerAuth implements Handler<RoutingContext> {
  private static final String PREFIX = "Bearer ";
  private static final String CALLER = "budgetsync.caller";
  private final Access access;
  private final DashboardSession session;

  BearerAuth(Access access, DashboardSession session) {
    this.access = access;
    this.session = session;
  }

  /** Who sent the request, as this guard found. */
  static Caller caller(RoutingContext ctx) {
    Caller caller = ctx.get(CALLER);
    if (caller == null) {
      throw new IllegalStateException("a route behind the guard was reached without a caller");
    }
    return caller;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    Future<Caller> caller;
    if (header != null && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      caller = access.authenticate(header.substring(PREFIX.length()).trim());
    } else {
      byte[] keyHash = isRead(ctx) ? session.keyHash(ctx.request().getCookie(DashboardSession.COOKIE)) : null;
      caller = keyHash == null ? Future.failedFuture(new ServiceError(ErrorType.UNAUTHORIZED, "no key"))
          : access.authenticateHash(keyHash);
    }
    if (!caller.isComplete()) {
      // A key looked up (not cached): the body waits for the handlers after this one, which resume it.
      ctx.request().pause();
    }
    caller.onSuccess(found -> {
      ctx.put(CALLER, found);
      ctx.next();
    }).onFailure(error -> {
      if (!(error instanceof ServiceError refusal && refusal.type() == ErrorType.UNAUTHORIZED)) {
        ctx.fail(error);
      } else if (DashboardSession.wantsPage(ctx)) {
        DashboardSession.askForToken(ctx, null);
      } else {
        Errors.byStatus(ctx, 401);
      }
    });
  }

  private static boolean isRead(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    return method == HttpMethod.GET || method == HttpMethod.HEAD;
  }
}
