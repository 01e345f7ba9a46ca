package dev.budgetsync.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * A failure with a stable {@link ErrorType} and a message for people. It is a {@code ReplyException},
 * so a consumer replies with it as is ({@code message.reply(error)}): the requester in the same
 * process receives this very object, message included; a cluster member or a bridge client gets
 * the status as failure code and the type as message. Edges throw it for their own refusals too.
 */
public final class ServiceError extends ReplyException {
  private final ErrorType type;
  private final String detail;

  public ServiceError(ErrorType type, String detail) {
    super(ReplyFailure.RECIPIENT_FAILURE, type.status(), type.wire(), true);
    this.type = type;
    this.detail = detail;
  }

  public static ServiceError invalid(String detail) {
    return new ServiceError(ErrorType.INVALID_REQUEST, detail);
  }

  public ErrorType type() {
    return type;
  }

  /** What went wrong, for people; never internals. */
  public String detail() {
    return detail;
  }
}
