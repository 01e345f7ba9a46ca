package dev.budgetsync.store;

import dev.budgetsync.domain.LedgerEntry;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/** Writes ledger entries, many in one statement. */
final class Entries {
  private Entries() {
  }

  /** Every entry, in the order given; a key written before fails the transaction (unique violation). */
  static Future<Void> insert(SqlConnection conn, List<LedgerEntry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    int n = entries.size();
    String[] accounts = new String[n];
    String[] months = new String[n];
    String[] kinds = new String[n];
    Long[] amounts = new Long[n];
    String[] currencies = new String[n];
    String[] sources = new String[n];
    String[] moneyKeys = new String[n];
    String[] chargeIds = new String[n];
    String[] eventIds = new String[n];
    String[] metadata = new String[n];
    String[] slots = new String[n];
    String[] objectIds = new String[n];
    for (int i = 0; i < n; i++) {
      LedgerEntry entry = entries.get(i);
      accounts[i] = entry.account();
      months[i] = entry.month();
      kinds[i] = entry.kind().wire();
      amounts[i] = entry.amount();
      currencies[i] = entry.currency();
      sources[i] = entry.source();
      moneyKeys[i] = entry.moneyKey();
      chargeIds[i] = entry.chargeId();
      eventIds[i] = entry.eventId();
      metadata[i] = entry.metadata() == null ? "{}" : entry.metadata().encode();
      slots[i] = entry.slot();
      objectIds[i] = entry.objectId();
    }
    return conn.preparedQuery(LedgerSql.INSERT_ENTRIES).execute(Tuple.from(List.<Object>of(accounts, months, kinds, amounts,
        currencies, sources, moneyKeys, chargeIds, eventIds, metadata, slots, objectIds))).mapEmpty();
  }
}
