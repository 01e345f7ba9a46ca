package dev.budgetsync.billing;

import dev.budgetsync.bus.ErrorType;
import dev.budgetsync.bus.ServiceError;
import dev.budgetsync.domain.Refusal;
import io.vertx.pgclient.PgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How billing answers a failure on the bus: refusals by their reason, a month's total past its bound
 * 400, an unreachable database 503, a bug 500.
 */
final class Failures {
  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);
  /** The check of migration V7 that bounds every running total of a month. */
  private static final String TOTALS_BOUNDED = "budget_month_totals_bounded";

  private Failures() {
  }

  static ServiceError of(String address, Throwable error) {
    if (error instanceof ServiceError service) {
      return service;
    }
    if (error instanceof Refusal refusal) {
      return new ServiceError(typeOf(refusal.reason()), refusal.getMessage());
    }
    if (error instanceof PgException pg && TOTALS_BOUNDED.equals(pg.getConstraint())) {
      return of(address, Refusal.pastMonthTotals());
    }
    if (Availability.isUnavailable(error)) {
      LOG.warn("{} failed, PostgreSQL unavailable: {}", address, error.toString());
      return new ServiceError(ErrorType.DATABASE_UNAVAILABLE, "the database is unavailable; retry later");
    }
    LOG.error("{} failed", address, error);
    return new ServiceError(ErrorType.INTERNAL_ERROR, "internal error");
  }

  private static ErrorType typeOf(Refusal.Reason reason) {
    return switch (reason) {
      case INSUFFICIENT_BUDGET -> ErrorType.INSUFFICIENT_BUDGET;
      case FORBIDDEN -> ErrorType.FORBIDDEN;
      case NOT_FOUND -> ErrorType.NOT_FOUND;
      case IDEMPOTENCY_CONFLICT -> ErrorType.IDEMPOTENCY_CONFLICT;
      case NOT_REPROCESSABLE -> ErrorType.NOT_REPROCESSABLE;
      case RESERVATION_RELEASED -> ErrorType.RESERVATION_RELEASED;
      case RESERVATION_SETTLED -> ErrorType.RESERVATION_SETTLED;
      case CURRENCY_MISMATCH -> ErrorType.CURRENCY_MISMATCH;
      case UNKNOWN_CURSOR, TOO_LARGE -> ErrorType.INVALID_REQUEST;
    };
  }
}
