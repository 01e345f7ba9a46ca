package dev.budgetsync.cli;

import dev.budgetsync.domain.EventMapper;
import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.config.AppConfig;
import dev.budgetsync.money.Months;
import dev.budgetsync.store.DatabaseServer;
import dev.budgetsync.store.Migrations;
import dev.budgetsync.store.Pools;
import dev.budgetsync.store.Replay;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code replay [--account ID] [--month YYYY-MM] [--verify]}: rebuilds ledger and budgets from the
 * stored events and manual entries. With {@code --verify} it only reports differences and exits 1
 * on one. A rebuild is always whole, since a refund's money key may name another account's payment.
 */
final class ReplayCommand {
  private ReplayCommand() {
  }

  /**
   * A scratch schema that can never be the live one: a fixed-length name derived from it (a long
   * live name with "_replay" appended would be cut back to itself at 63 characters by PostgreSQL).
   */
  static String scratchSchema(String live) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(live.getBytes(
          java.nio.charset.StandardCharsets.UTF_8));
      String scratch = "replay_" + java.util.HexFormat.of().formatHex(digest, 0, 8);
      if (scratch.equals(live)) {
        throw new IllegalArgumentException("DATABASE_SCHEMA must not be named like a replay scratch schema");
      }
      return scratch;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static int run(String[] args, AppConfig config, Vertx vertx, PrintStream out, PrintStream err) throws Exception {
    Options options = Options.parse(args, 1, Set.of("account", "month"), Set.of("verify"));
    if (options == null) {
      err.print("usage: replay [--account ID] [--month YYYY-MM] [--verify]\n\n" + Cli.HELP);
      return Cli.USAGE;
    }
    String account = options.get("account", null);
    String month = options.get("month", null);
    boolean verify = options.has("verify");
    if ((account != null || month != null) && !verify) {
      err.println("--account and --month narrow a --verify; a rebuild is always whole");
      return Cli.USAGE;
    }
    if (month != null && Months.parse(month) == null) {
      err.println("--month must be YYYY-MM");
      return Cli.USAGE;
    }
    Predicate<List<String>> scope = am -> (account == null || account.equals(am.get(0)))
        && (month == null || month.equals(am.get(1)));

    String scratch = scratchSchema(config.databaseSchema());
    try (DatabaseServer database = DatabaseServer.prepare(config)) {
      Migrations.dropSchema(database.connectOptions(), scratch);
      Migrations.migrate(database.connectOptions(), scratch, config.accountSettings());
      Pool live = Pools.pool(vertx, database.connectOptions(), config.databaseSchema(), 2);
      Pool replayed = Pools.pool(vertx, database.connectOptions(), scratch, 2);
      try {
        AccountSettings settings = config.accountSettings();
        Replay replay = new Replay(live, replayed, settings);
        Replay.Report report = replay.run(event -> EventMapper.effectOf(event, settings), scope).await();
        out.printf("replayed %d events and %d manual entries: %d difference(s)%n", report.events(),
            report.manualEntries(), report.differences().size());
        for (Replay.Difference d : report.differences()) {
          out.printf("  %-60s stored %-30s replayed %s%n", d.what(), d.stored(), d.replayed());
        }
        if (verify) {
          return report.differences().isEmpty() ? Cli.OK : Cli.REFUSED;
        }
        if (!report.differences().isEmpty()) {
          replay.adopt(config.databaseSchema(), scratch, report).await();
          out.println("ledger and budgets rebuilt from the stored events");
        }
        return Cli.OK;
      } finally {
        live.close().await();
        replayed.close().await();
        Migrations.dropSchema(database.connectOptions(), scratch);
      }
    }
  }
}
