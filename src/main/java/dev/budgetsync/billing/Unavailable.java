package dev.budgetsync.billing;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Tells a database that cannot be reached (worth a retry by Stripe) from a bug. */
final class Unavailable {
  private Unavailable() {
  }

  static boolean is(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof PgException pg) {
        String state = pg.getSqlState() == null ? "" : pg.getSqlState();
        // 08 connection exception, 53 insufficient resources, 57 operator intervention (shutdown)
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57");
      }
      if (e instanceof IOException || e instanceof ClosedConnectionException || e instanceof TimeoutException
          || String.valueOf(e.getMessage()).toLowerCase().contains("timeout")) {
        return true;
      }
      if (e.getCause() == e) {
        break;
      }
    }
    return false;
  }
}
