package dev.budgetsync.billing;

import dev.budgetsync.bus.ErrorType;
import dev.budgetsync.bus.ServiceError;
import dev.budgetsync.domain.BudgetChange;
import dev.budgetsync.domain.EventResult;
import dev.budgetsync.metrics.ServiceMetrics;
import dev.budgetsync.store.EventStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Events that arrive together share one transaction: a batch is written when it is full or when
 * its first event has waited {@code waitMs}, with at most {@code maxInFlight} batches committing
 * at once. Each event keeps its own result, and its reply waits for the commit that holds it.
 * When more events wait than {@code maxQueued}, new ones are refused at once (503) rather than
 * queued without bound. Confined to its verticle's event loop: no locks.
 */
final class GroupCommit {
  private final Vertx vertx;
  private final EventStore store;
  private final int batchSize;
  private final long waitMs;
  private final int maxInFlight;
  private final int maxQueued;
  private final ServiceMetrics metrics;
  private final Consumer<List<BudgetChange>> onCommit;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int inFlight;
  private long timer = -1;

  private record Pending(EventStore.Incoming incoming, Promise<EventResult> result) {
  }

  GroupCommit(Vertx vertx, EventStore store, int batchSize, long waitMs, int maxInFlight, ServiceMetrics metrics,
              Consumer<List<BudgetChange>> onCommit) {
    this.vertx = vertx;
    this.store = store;
    this.batchSize = batchSize;
    this.waitMs = waitMs;
    this.maxInFlight = maxInFlight;
    this.maxQueued = Math.max(256, batchSize * maxInFlight * 4);
    this.metrics = metrics;
    this.onCommit = onCommit;
  }

  Future<EventResult> submit(EventStore.Incoming incoming) {
    if (queue.size() >= maxQueued) {
      return Future.failedFuture(new ServiceError(ErrorType.OVERLOADED, "too many events are waiting; retry later"));
    }
    Promise<EventResult> result = Promise.promise();
    queue.add(new Pending(incoming, result));
    schedule();
    return result.future();
  }

  private void schedule() {
    if (queue.isEmpty() || inFlight >= maxInFlight) {
      return;
    }
    if (queue.size() >= batchSize || waitMs == 0) {
      cancelTimer();
      flush();
    } else if (timer < 0) {
      timer = vertx.setTimer(waitMs, id -> {
        timer = -1;
        flush();
        schedule();
      });
    }
  }

  private void cancelTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void flush() {
    if (queue.isEmpty() || inFlight >= maxInFlight) {
      return;
    }
    List<Pending> batch = new ArrayList<>(Math.min(batchSize, queue.size()));
    while (batch.size() < batchSize && !queue.isEmpty()) {
      batch.add(queue.poll());
    }
    inFlight++;
    store.write(batch.stream().map(Pending::incoming).toList()).onComplete(written -> {
      inFlight--;
      if (written.succeeded()) {
        metrics.batchCommitted(batch.size());
        onCommit.accept(written.result().changes());
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).result().complete(written.result().results().get(i));
        }
      } else {
        batch.forEach(p -> p.result().fail(written.cause()));
      }
      schedule();
    });
    schedule();
  }
}
