package dev.budgetsync.billing;

import dev.budgetsync.bus.ErrorType;
import dev.budgetsync.bus.LocalCodec;
import dev.budgetsync.bus.ServiceError;
import dev.budgetsync.config.Secrets;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;

/**
 * Who may call billing, decided here and nowhere else for the event bus and the TCP bridge. A
 * request record comes from an edge of this process that already authenticated its caller (records
 * cannot cross the cluster: {@code bus.LocalCodec}); a JSON body comes from a cluster member or the
 * bridge and must carry a key in the message header {@value #TOKEN_HEADER}.
 *
 * <p>Today the only key is {@code ADMIN_TOKEN}, compared in constant time. Scoped keys plug in here:
 * {@link #authenticate} is where a key is looked up (it already answers with a future), and
 * {@link #admit} where its scope is checked against the address and the request.
 */
public final class Access {
  /** The message header, and the bridge frame's header, that carries the caller's key. */
  public static final String TOKEN_HEADER = "token";

  private final String adminToken;

  public Access(String adminToken) {
    this.adminToken = adminToken;
  }

  /** Succeeds when {@code token} is a valid key, else fails with {@code 401 unauthorized}. */
  public Future<Void> authenticate(String token) {
    if (token != null && Secrets.constantTimeEquals(adminToken, token)) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(new ServiceError(ErrorType.UNAUTHORIZED, "a valid key is required in the header "
        + TOKEN_HEADER));
  }

  /** Whether a message to a billing address may be acted on. */
  Future<Void> admit(Message<Object> message) {
    if (LocalCodec.isRecord(message.body())) {
      return Future.succeededFuture();
    }
    return authenticate(message.headers().get(TOKEN_HEADER));
  }
}
