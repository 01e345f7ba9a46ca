package dev.budgetsync.store;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.domain.EventEffect;
import dev.budgetsync.domain.EventMapper;
import dev.budgetsync.domain.PaymentFacts;
import dev.budgetsync.domain.StripeEvent;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Migration 6.1: what the stored events say about their payments, written once for a ledger kept
 * before version 6, with the same mapping as live. Links and facts come from the stored payloads;
 * each existing Stripe entry gets the slot its money key names. The next event of a payment then
 * books whatever the older rules got wrong; {@code replay --verify} shows whether anything is left.
 * Holds every payment id in memory once, about 100 bytes each.
 */
final class PaymentFactsBackfill implements JavaMigration {
  private static final int FETCH = 500;
  private final AccountSettings settings;

  PaymentFactsBackfill(AccountSettings settings) {
    this.settings = settings;
  }

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("6.1");
  }

  @Override
  public String getDescription() {
    return "payment facts from stored events";
  }

  @Override
  public Integer getChecksum() {
    return 61;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws Exception {
    Connection conn = context.getConnection();
    Map<String, String> parent = new HashMap<>();
    try (PreparedStatement select = conn.prepareStatement(
        "select id, payload from stripe_event order by seq");
         PreparedStatement update = conn.prepareStatement(
             "update stripe_event set anchor = ?, facts = ?::jsonb where id = ?")) {
      select.setFetchSize(FETCH);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          PaymentFacts facts = factsOf(rows.getBytes("payload"));
          if (facts != null) {
            update.setString(1, facts.anchor());
            update.setString(2, facts.toJson().encode());
            update.setString(3, rows.getString("id"));
            update.addBatch();
            facts.ids().forEach(id -> union(parent, facts.anchor(), id));
          }
        }
      }
      update.executeBatch();
    }
    linkPayments(conn, parent);
    try (Statement statement = conn.createStatement()) {
      statement.execute("alter table ledger_entry disable trigger ledger_entry_append_only");
      statement.execute("""
          update ledger_entry l set
            slot = case
              when k.base like 're\\_%' then 'refund:' || k.base
              when k.base ~ ':refunded:[0-9]+$' then 'refunded:' || split_part(k.base, ':', 1)
              when k.base like 'du\\_%' then 'dispute:' || split_part(k.base, ':', 1)
              else 'payment' end,
            object_id = split_part(k.base, ':', 1)
          from (select id, regexp_replace(money_key, ':moved(-to:.*)?$', '') as base from ledger_entry
                where event_id is not null and money_key is not null and kind in ('credit', 'debit')) k
          where l.id = k.id""");
      statement.execute("alter table ledger_entry enable trigger ledger_entry_append_only");
    }
  }

  private PaymentFacts factsOf(byte[] payload) {
    try {
      StripeEvent event = StripeEvent.parse(new JsonObject(new String(payload, UTF_8)));
      EventEffect effect = event == null ? null : EventMapper.effectOf(event, settings);
      return effect == null ? null : effect.facts();
    } catch (DecodeException e) {
      return null;
    }
  }

  /** Each id names the smallest id of its payment. */
  private static void linkPayments(Connection conn, Map<String, String> parent) throws Exception {
    Map<String, String> payment = new TreeMap<>();
    parent.keySet().forEach(id -> payment.put(id, find(parent, id)));
    Map<String, String> smallest = new HashMap<>();
    payment.forEach((id, root) -> smallest.merge(root, id, (a, b) -> a.compareTo(b) <= 0 ? a : b));
    try (PreparedStatement insert = conn.prepareStatement("insert into payment_link (key, payment) values (?, ?)")) {
      for (Map.Entry<String, String> link : payment.entrySet()) {
        insert.setString(1, link.getKey());
        insert.setString(2, smallest.get(link.getValue()));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void union(Map<String, String> parent, String a, String b) {
    parent.putIfAbsent(a, a);
    parent.putIfAbsent(b, b);
    String rootA = find(parent, a);
    String rootB = find(parent, b);
    if (!rootA.equals(rootB)) {
      parent.put(rootB, rootA);
    }
  }

  private static String find(Map<String, String> parent, String id) {
    String root = id;
    while (!parent.get(root).equals(root)) {
      root = parent.get(root);
    }
    parent.put(id, root);
    return root;
  }
}
