package dev.budgetsync.domain;

import java.util.List;

/** One account's month in an {@link AgentBook}, as the batch changes it. */
public final class MonthRow {
  final String account;
  final String month;
  final String currency;
  long credited;
  final long debited;
  long spent;
  long reserved;
  final List<Integer> alerts;

  public MonthRow(String account, String month, String currency, long credited, long debited, long spent,
                  long reserved, List<Integer> alerts) {
    this.account = account;
    this.month = month;
    this.currency = currency;
    this.credited = credited;
    this.debited = debited;
    this.spent = spent;
    this.reserved = reserved;
    this.alerts = alerts;
  }

  long remaining() {
    return credited - debited - spent - reserved;
  }
}
