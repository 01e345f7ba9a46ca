package dev.budgetsync.bus;

import java.util.Locale;

/**
 * The stable error types of the service, each with the HTTP status it is answered with. Over the
 * event bus a failure is a {@link ServiceError}: its failure code is the status and its message the
 * type, as the contract promises; callers in the same process also get its message for people.
 */
public enum ErrorType {
  INVALID_REQUEST(400),
  INVALID_PAYLOAD(400),
  INVALID_SIGNATURE(400),
  UNAUTHORIZED(401),
  INSUFFICIENT_BUDGET(402),
  FORBIDDEN(403),
  NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  NOT_ACCEPTABLE(406),
  REQUEST_TIMEOUT(408),
  IDEMPOTENCY_CONFLICT(409),
  NOT_REPROCESSABLE(409),
  RESERVATION_RELEASED(409),
  RESERVATION_SETTLED(409),
  CURRENCY_MISMATCH(409),
  PAYLOAD_TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  INTERNAL_ERROR(500),
  DATABASE_UNAVAILABLE(503),
  OVERLOADED(503),
  TIMEOUT(503),
  SERVICE_UNAVAILABLE(503),
  WEBHOOK_NOT_CONFIGURED(503);

  private final int status;
  private final String wire;

  ErrorType(int status) {
    this.status = status;
    this.wire = name().toLowerCase(Locale.ROOT);
  }

  public int status() {
    return status;
  }

  /** As it appears in {@code {"error": {"type": ...}}} and in a failure's message on the bus. */
  public String wire() {
    return wire;
  }

  /** The type named {@code wire}, or null for one this service does not define. */
  public static ErrorType fromWire(String wire) {
    for (ErrorType type : values()) {
      if (type.wire.equals(wire)) {
        return type;
      }
    }
    return null;
  }
}
