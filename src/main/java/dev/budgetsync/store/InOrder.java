package dev.budgetsync.store;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Asynchronous steps one after another, each started when the previous one finished: on one connection, in a known order. */
final class InOrder {
  private InOrder() {
  }

  /** The result of each step, in the order of {@code items}. */
  static <T, R> Future<List<R>> map(Iterable<T> items, Function<T, Future<R>> step) {
    List<R> results = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (T item : items) {
      chain = chain.compose(v -> step.apply(item)).map(result -> {
        results.add(result);
        return null;
      });
    }
    return chain.map(v -> results);
  }

  static <T> Future<Void> each(Iterable<T> items, Function<T, Future<?>> step) {
    Future<Void> chain = Future.succeededFuture();
    for (T item : items) {
      chain = chain.compose(v -> step.apply(item)).mapEmpty();
    }
    return chain;
  }
}
