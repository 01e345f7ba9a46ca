package dev.budgetsync.billing;

import dev.budgetsync.bus.ErrorType;
import dev.budgetsync.bus.ServiceError;
import dev.budgetsync.domain.BudgetChange;
import dev.budgetsync.store.Written;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Requests that arrive together share one transaction: a batch is written when it is full or when
 * its first request has waited {@code waitMs}, with at most {@code maxInFlight} batches committing
 * at once. Each request keeps its own result, and its reply waits for the commit that holds it.
 * When more requests wait than {@code maxQueued}, new ones are refused at once (503) rather than
 * queued without bound. Confined to its verticle's event loop: no locks. One instance serves the
 * webhooks, another the agent path.
 *
 * @param <I> a request, as the writer takes it
 * @param <R> its result
 */
final class GroupCommit<I, R> {
  private final Vertx vertx;
  private final Writer<I, R> writer;
  private final int batchSize;
  private final long waitMs;
  private final int maxInFlight;
  private final int maxQueued;
  private final IntConsumer committedBatch;
  private final Consumer<List<BudgetChange>> onCommit;
  private final ArrayDeque<Pending<I, R>> queue = new ArrayDeque<>();
  private int inFlight;
  private long timer = -1;

  /** Writes a batch in one transaction: each request's result, in order, and the rows it changed. */
  interface Writer<I, R> {
    Future<Written<R>> write(List<I> batch);
  }

  private record Pending<I, R>(I request, Promise<R> result) {
  }

  /** {@code committedBatch} hears the size of each batch committed; {@code onCommit} its changes, before any reply. */
  GroupCommit(Vertx vertx, Writer<I, R> writer, int batchSize, long waitMs, int maxInFlight,
              IntConsumer committedBatch, Consumer<List<BudgetChange>> onCommit) {
    this.vertx = vertx;
    this.writer = writer;
    this.batchSize = batchSize;
    this.waitMs = waitMs;
    this.maxInFlight = maxInFlight;
    this.maxQueued = Math.max(256, batchSize * maxInFlight * 4);
    this.committedBatch = committedBatch;
    this.onCommit = onCommit;
  }

  Future<R> submit(I request) {
    if (queue.size() >= maxQueued) {
      return Future.failedFuture(new ServiceError(ErrorType.OVERLOADED, "too many requests are waiting; retry later"));
    }
    Promise<R> result = Promise.promise();
    queue.add(new Pending<>(request, result));
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
    List<Pending<I, R>> batch = new ArrayList<>(Math.min(batchSize, queue.size()));
    while (batch.size() < batchSize && !queue.isEmpty()) {
      batch.add(queue.poll());
    }
    inFlight++;
    writer.write(batch.stream().map(Pending::request).toList()).onComplete(written -> {
      inFlight--;
      if (written.succeeded()) {
        committedBatch.accept(batch.size());
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
