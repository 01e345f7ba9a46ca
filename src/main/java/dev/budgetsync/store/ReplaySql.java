package dev.budgetsync.store;

import java.util.List;

/** What {@code replay} compares and how it swaps a replayed ledger in. Values are always bound parameters. */
final class ReplaySql {
  private ReplaySql() {
  }

  /**
   * Entries that are inputs, not derived from an event: manual top-ups ({@code manual:<account>/<key>}),
   * agent spend ({@code spend:<account>/<key>}) and settled reservations ({@code reservation:<id>}).
   */
  static final String MANUAL_ENTRIES = """
      select account, month, kind, amount, currency, source, money_key, metadata
      from ledger_entry
      where event_id is null
        and (money_key like 'manual:%' or money_key like 'spend:%' or money_key like 'reservation:%')
      order by id""";

  /** Rows at zero are left out: whether a row exists depends on the order in which corrections came. */
  static final String BUDGET_ROWS = """
      select account, month, credited - debited as budget, spent from budget_month
      where credited - debited <> 0 or spent <> 0""";

  /**
   * Net money per account-month and kind of object: payments, refunds by id, cumulative refunds,
   * disputes, and each manual entry by its key. Corrections sum away: what is left does not depend on
   * the order in which events came.
   */
  static final String NET_BY_KIND = """
      select account, month,
             case when slot is not null then split_part(slot, ':', 1) else money_key end as what,
             sum(case kind when 'credit' then amount when 'debit' then -amount when 'spend' then -amount else 0 end)::int8
               as net
      from ledger_entry
      where kind <> 'alert'
      group by 1, 2, 3
      having sum(case kind when 'credit' then amount when 'debit' then -amount when 'spend' then -amount else 0 end) <> 0""";

  /**
   * Replaces the live ledger with a replayed one, in one transaction. The schema names are
   * identifiers validated by the configuration (lower-case letters, digits, '_'), never values.
   */
  static List<String> rebuild(String live, String replayed) {
    return List.of(
        "truncate " + live + ".ledger_entry, " + live + ".payment_link, " + live + ".budget_month",
        "insert into " + live + ".ledger_entry (account, month, kind, amount, currency, source, money_key, charge_id,"
            + " event_id, created_at, metadata, slot, object_id) select account, month, kind, amount, currency,"
            + " source, money_key, charge_id, event_id, created_at, metadata, slot, object_id from " + replayed
            + ".ledger_entry order by id",
        "insert into " + live + ".payment_link select * from " + replayed + ".payment_link",
        "insert into " + live + ".budget_month select * from " + replayed + ".budget_month",
        "update " + live + ".stripe_event e set outcome = r.outcome, reason = r.reason, account = r.account,"
            + " amount = r.amount, currency = r.currency, anchor = r.anchor, facts = r.facts from " + replayed
            + ".stripe_event r where r.id = e.id",
        // Holds are not replayed: the live reservations still held keep their budget.
        "insert into " + live + ".budget_month as b (account, month, currency, reserved) select account, month,"
            + " currency, sum(amount) from " + live + ".reservation where status = 'held' group by account, month,"
            + " currency on conflict (account, month) do update set reserved = excluded.reserved");
  }

  /** Taken first in a rebuild: nothing can be written while the ledger is swapped. */
  static String lockForRebuild(String live) {
    return "lock table " + live + ".stripe_event, " + live + ".ledger_entry, " + live + ".payment_link, " + live
        + ".budget_month, " + live + ".reservation in exclusive mode";
  }

  static final String COUNT_INPUTS = """
      select (select count(*) from stripe_event) as events,
             (select count(*) from ledger_entry where event_id is null
                and (money_key like 'manual:%' or money_key like 'spend:%' or money_key like 'reservation:%')) as manual""";
}
