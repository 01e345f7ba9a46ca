package dev.budgetsync.domain;

import java.util.Locale;

/** What a ledger entry does to the month: as stored in {@code ledger_entry.kind}. */
public enum EntryKind {
  CREDIT, DEBIT, SPEND, ALERT;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static EntryKind fromWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
