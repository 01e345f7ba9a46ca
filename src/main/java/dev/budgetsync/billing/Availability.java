package dev.budgetsync.billing;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Tells a database that cannot be reached (worth a retry) from a bug, by the failure's type. */
final class Availability {
  private Availability() {
  }

  static boolean isUnavailable(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (e instanceof PgException pg) {
        String state = pg.getSqlState() == null ? "" : pg.getSqlState();
        // 08 connection exception, 53 insufficient resources, 57 operator intervention (shutdown)
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57");
      }
      // TimeoutException: no connection was free in time (store.Transactions), or a connect timed out.
      if (e instanceof IOException || e instanceof ClosedConnectionException || e instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }
}
