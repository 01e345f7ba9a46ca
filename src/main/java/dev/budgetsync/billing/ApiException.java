package dev.budgetsync.billing;

/**
 * A failure the caller caused or must know about, with a stable {@code type}. Over the event bus it
 * travels as a {@code ReplyException} whose failure code is the HTTP status and whose message is
 * the type; over HTTP as {@code {"error": {"type", "message"}}}.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String type;

  public ApiException(int status, String type, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
  }

  public static ApiException invalid(String message) {
    return new ApiException(400, "invalid_request", message);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }
}
