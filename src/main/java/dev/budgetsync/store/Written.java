package dev.budgetsync.store;

import dev.budgetsync.domain.BudgetChange;

import java.util.ArrayList;
import java.util.List;

/** What one transaction committed: each request's result, in order, and the budget rows it changed. */
public record Written<R>(List<R> results, List<BudgetChange> changes) {

  /** Requests written one transaction each, as one answer in the same order. */
  static <R> Written<R> joined(List<Written<R>> alone) {
    List<R> results = new ArrayList<>();
    List<BudgetChange> changes = new ArrayList<>();
    alone.forEach(written -> {
      results.addAll(written.results());
      changes.addAll(written.changes());
    });
    return new Written<>(results, changes);
  }
}
