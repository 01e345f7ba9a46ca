package dev.budgetsync.cli;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.config.AppConfig;
import dev.budgetsync.domain.EventMapper;
import dev.budgetsync.money.Months;
import dev.budgetsync.store.DatabaseServer;
import dev.budgetsync.store.InstanceLock;
import dev.budgetsync.store.Migrations;
import dev.budgetsync.store.Pools;
import dev.budgetsync.store.Replay;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * {@code replay [--verify [--account ID] [--month YYYY-MM]] [--yes]}: rebuilds ledger and budgets from
 * the stored events and manual entries, or with {@code --verify} only reports differences. It names
 * the database and schema first. A rebuild needs {@code --yes} and runs only while no instance holds
 * the schema's {@link InstanceLock}; it is always whole, since a refund's money key may name another
 * account's payment.
 */
@Command(name = "replay", sortOptions = false, description = {
    "Replay every stored event (in the order received) and every manual entry into a scratch schema with the"
        + " live code path, and compare the result with the stored ledger and budgets.",
    "With --verify it only reports differences. Otherwise it replaces the ledger and budgets with the replayed"
        + " ones: that needs --yes, and every instance of the service on the schema must be stopped first.",
    "It works on the database the service finds with the same configuration (DATABASE_URL, else the local"
        + " server, else the embedded one) and prints which before anything else."})
final class ReplayCommand implements Callable<Integer> {
  @ParentCommand
  private Cli cli;
  @Spec
  private CommandSpec spec;
  @Option(names = "--verify", description = "Only compare with what is stored; exit 1 on any difference.")
  private boolean verify;
  @Option(names = "--account", paramLabel = "ID", description = "With --verify: compare this account only.")
  private String account;
  @Option(names = "--month", paramLabel = "YYYY-MM", description = "With --verify: compare this month only.")
  private String month;
  @Option(names = {"--yes", "--force"}, description = "Rebuild: replace the stored ledger and budgets.")
  private boolean yes;

  /**
   * A scratch schema that can never be the live one: a fixed-length name derived from it (a long
   * live name with "_replay" appended would be cut back to itself at 63 characters by PostgreSQL).
   */
  static String scratchSchema(String live) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(live.getBytes(StandardCharsets.UTF_8));
      String scratch = "replay_" + HexFormat.of().formatHex(digest, 0, 8);
      if (scratch.equals(live)) {
        throw new IllegalArgumentException("DATABASE_SCHEMA must not be named like a replay scratch schema");
      }
      return scratch;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Integer call() throws Exception {
    validate();
    AppConfig config = cli.config();
    Vertx vertx = cli.vertx();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (DatabaseServer database = DatabaseServer.locate(config)) {
      out.println((verify ? "verifying" : "rebuilding") + " PostgreSQL " + database.describe());
      out.flush();
      if (!verify && !yes) {
        err.println("a rebuild replaces the ledger and budgets of this schema: run again with --yes to do it,"
            + " or with --verify to only compare");
        return Cli.USAGE;
      }
      InstanceLock alone = verify ? null
          : InstanceLock.tryExclusive(vertx, database.connectOptions(), config.databaseSchema()).await();
      if (!verify && alone == null) {
        err.println("an instance of budget-sync is running on schema " + config.databaseSchema()
            + ": stop every instance, then rebuild");
        return Cli.REFUSED;
      }
      try {
        Migrations.migrate(database.connectOptions(), config.databaseSchema(), config.accountSettings());
        return replay(config, vertx, database, out);
      } finally {
        if (alone != null) {
          alone.release().await();
        }
      }
    }
  }

  private void validate() {
    if ((account != null || month != null) && !verify) {
      throw new ParameterException(spec.commandLine(), "--account and --month narrow a --verify; a rebuild is always whole");
    }
    if (month != null && Months.parse(month) == null) {
      throw new ParameterException(spec.commandLine(), "--month must be YYYY-MM");
    }
  }

  private int replay(AppConfig config, Vertx vertx, DatabaseServer database, PrintWriter out) throws Exception {
    Predicate<List<String>> scope = am -> (account == null || account.equals(am.get(0)))
        && (month == null || month.equals(am.get(1)));
    String scratch = scratchSchema(config.databaseSchema());
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
