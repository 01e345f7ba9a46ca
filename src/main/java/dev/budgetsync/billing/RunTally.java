package dev.budgetsync.billing;

import dev.budgetsync.bus.ServiceError;
import dev.budgetsync.domain.ReconcileRun;
import dev.budgetsync.store.ReconcileRuns;
import dev.budgetsync.stripe.StripeApiException;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/** What a reconciliation run has counted so far; confined to billing's event loop. */
final class RunTally {
  int listed;
  int alreadyStored;
  int errors;
  final Map<String, Integer> processed = new TreeMap<>();
  JsonObject webhookEndpoints;
  private String firstError;

  /** Events that billing did not commit (database down, overload): the run stops, a later one retries them. */
  static final class NotCommitted extends RuntimeException {
    NotCommitted(String message) {
      super(message, null, false, false);
    }
  }

  void processed(String outcome) {
    processed.merge(outcome, 1, Integer::sum);
  }

  void failed(Throwable error) {
    errors++;
    if (firstError == null) {
      firstError = error instanceof ServiceError service ? service.type().wire() + ": " + service.detail()
          : String.valueOf(error.getMessage());
    }
  }

  NotCommitted notCommitted() {
    return new NotCommitted(errors + " event(s) could not be committed (" + firstError + "); a later run retries them");
  }

  /** The row to store: {@code ok} without a cause, else {@code partial} if events were listed, else {@code failed}. */
  ReconcileRuns.Finished finished(Throwable cause) {
    String status = cause == null ? ReconcileRun.OK : listed > 0 ? ReconcileRun.PARTIAL : ReconcileRun.FAILED;
    return new ReconcileRuns.Finished(status, listed, alreadyStored, processed, errors, failureOf(cause),
        cause == null ? null : String.valueOf(cause.getMessage()), webhookEndpoints);
  }

  private static String failureOf(Throwable cause) {
    if (cause == null) {
      return null;
    }
    if (cause instanceof StripeApiException api) {
      return switch (api.kind()) {
        case KEY_REJECTED -> "key_rejected";
        case PERMISSION_DENIED -> "permission_denied";
        case REFUSED -> "api_refused";
        case UNREACHABLE -> "api_unreachable";
        case MISBEHAVED -> "api_misbehaved";
      };
    }
    if (cause instanceof NotCommitted) {
      return "not_committed";
    }
    return Availability.isUnavailable(cause) ? "database" : "internal";
  }
}
