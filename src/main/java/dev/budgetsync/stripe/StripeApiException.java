package dev.budgetsync.stripe;

/**
 * A Stripe API request that did not succeed. The message is for people and never holds the key;
 * {@link #kind()} says what a caller can do about it.
 */
public final class StripeApiException extends RuntimeException {
  /** What went wrong, from the caller's point of view. */
  public enum Kind {
    /** 401: the key is wrong, expired or revoked. Retrying cannot help. */
    KEY_REJECTED,
    /** 403: a restricted key without the permission this request needs. */
    PERMISSION_DENIED,
    /** Another 4xx, such as 404 for an unknown id: the request itself was refused. */
    REFUSED,
    /** No answer, or 409, 429 or 5xx on every attempt: the API could not be reached. */
    UNREACHABLE,
    /** An answer that cannot be used and would not improve on a retry: too large, or a list that never ends. */
    MISBEHAVED
  }

  private final Kind kind;
  private final int status;

  StripeApiException(Kind kind, int status, String message) {
    super(message, null, false, false);
    this.kind = kind;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status of the last answer; 0 when no answer came (refused connection, timeout). */
  public int status() {
    return status;
  }
}
