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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Requests that arrive together share one transaction: a batch is written when it is full or when
 * its first request has waited {@code waitMs}, with at most {@code maxInFlight} batches committing
 * at once. Each request keeps its own result, and its reply waits for the commit that holds it.
 * When more requests wait than {@code maxQueued}, new ones are refused at once (503) rather than
 * queued without bound, and a request still queued when its caller's timeout has passed is failed
 * without being written: its caller was told {@code timeout}, and a retry must not find it recorded.
 * Confined to its verticle's event loop: no locks. One instance serves the webhooks, another the
 * agent path.
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
  private final long giveUpNanos;
  private final int maxQueued;
  private final IntConsumer committedBatch;
  private final Consumer<List<BudgetChange>> onCommit;
  private final ArrayDeque<Pending<I, R>> queue = new ArrayDeque<>();
  private int inFlight;
  private long timer = -1;

  /**
   * Writes a batch in one transaction: each request's result, in order, and the rows it changed. By
   * {@code deadline} ({@link System#nanoTime()}) its oldest caller has been told {@code timeout}; a
   * writer whose late commit would surprise that caller rolls back instead.
   */
  interface Writer<I, R> {
    Future<Written<R>> write(List<I> batch, long deadline);
  }

  /**
   * How batches are cut: {@code batchSize} requests or {@code waitMs}, {@code maxInFlight} at once; a
   * request queued for {@code giveUpMs} (its caller's timeout) is given up.
   */
  record Limits(int batchSize, long waitMs, int maxInFlight, long giveUpMs) {
  }

  private record Pending<I, R>(I request, Promise<R> result, long queuedAt) {
  }

  /** {@code committedBatch} hears the size of each batch committed; {@code onCommit} its changes, before any reply. */
  GroupCommit(Vertx vertx, Writer<I, R> writer, Limits limits, IntConsumer committedBatch,
              Consumer<List<BudgetChange>> onCommit) {
    this.vertx = vertx;
    this.writer = writer;
    this.batchSize = limits.batchSize();
    this.waitMs = limits.waitMs();
    this.maxInFlight = limits.maxInFlight();
    this.giveUpNanos = TimeUnit.MILLISECONDS.toNanos(limits.giveUpMs());
    this.maxQueued = Math.max(256, batchSize * maxInFlight * 4);
    this.committedBatch = committedBatch;
    this.onCommit = onCommit;
  }

  Future<R> submit(I request) {
    if (queue.size() >= maxQueued) {
      return Future.failedFuture(new ServiceError(ErrorType.OVERLOADED, "too many requests are waiting; retry later"));
    }
    Promise<R> result = Promise.promise();
    queue.add(new Pending<>(request, result, System.nanoTime()));
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
    long now = System.nanoTime();
    while (batch.size() < batchSize && !queue.isEmpty()) {
      Pending<I, R> next = queue.poll();
      if (now - next.queuedAt() >= giveUpNanos) {
        next.result().fail(new ServiceError(ErrorType.TIMEOUT, "the request waited longer than its timeout for the"
            + " database; nothing was written"));
      } else {
        batch.add(next);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    inFlight++;
    long deadline = batch.get(0).queuedAt() + giveUpNanos;
    writer.write(batch.stream().map(Pending::request).toList(), deadline).onComplete(written -> {
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
