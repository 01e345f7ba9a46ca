package dev.budgetsync.billing;

import dev.budgetsync.bus.Addresses;
import dev.budgetsync.bus.ReconcileRequest;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Asks this instance's billing for a reconciliation right after start, then {@code intervalMinutes}
 * after each run ends, so runs of one instance never pile up. Instances of a cluster all ask; the
 * advisory lock lets one run at a time, and the one that waited runs after it, from the new watermark.
 */
public final class ReconcileSchedule extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileSchedule.class);
  /** A run's reply may take long (lock wait, many pages); the run itself goes on whatever the wait. */
  private static final long RUN_REPLY_TIMEOUT_MS = TimeUnit.HOURS.toMillis(6);

  private final long intervalMs;
  private long timer = -1;
  private boolean stopped;

  public ReconcileSchedule(int intervalMinutes) {
    this.intervalMs = TimeUnit.MINUTES.toMillis(intervalMinutes);
  }

  @Override
  public Future<?> start() {
    timer = vertx.setTimer(1, id -> runNow());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void runNow() {
    timer = -1;
    DeliveryOptions options = new DeliveryOptions().setLocalOnly(true).setSendTimeout(RUN_REPLY_TIMEOUT_MS);
    vertx.eventBus().request(Addresses.RECONCILE_RUN, ReconcileRequest.scheduled(), options)
        .onFailure(error -> LOG.warn("scheduled reconciliation did not run: {}", error.toString()))
        .onComplete(done -> {
          if (!stopped) {
            timer = vertx.setTimer(intervalMs, id -> runNow());
          }
        });
  }
}
