package dev.budgetsync.cli;

import dev.budgetsync.billing.BillingVerticle;
import dev.budgetsync.bus.Addresses;
import dev.budgetsync.bus.LocalCodec;
import dev.budgetsync.bus.ReconcileRequest;
import dev.budgetsync.bus.ServiceError;
import dev.budgetsync.config.AppConfig;
import dev.budgetsync.store.DatabaseServer;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code reconcile [--since ISO-8601 | --days N] [--dry-run]}: lists Stripe's events and sends each
 * one not stored yet through billing, as a webhook. Billing runs in this process, on the configured
 * database, so the command works whether the service runs or not (the advisory lock keeps it from
 * running alongside the service's own reconciliation); see docs/reconciliation.md.
 */
@Command(name = "reconcile", sortOptions = false, description = {
    "List Stripe's events (STRIPE_SECRET_KEY) and send each one not stored yet through billing, as a webhook;"
        + " print listed / already stored / processed by outcome."})
final class ReconcileCommand implements Callable<Integer> {
  private static final long RUN_TIMEOUT_MS = TimeUnit.HOURS.toMillis(6);

  @ParentCommand
  private Cli cli;
  @Spec
  private CommandSpec spec;
  @Option(names = "--since", paramLabel = "ISO-8601",
      description = "Events created since this time, or date (within Stripe's 30 days).")
  private String since;
  @Option(names = "--days", paramLabel = "N", description = "Events of the last N days (1 to 30).")
  private String days;
  @Option(names = "--dry-run", description = "List and compare only; change nothing.")
  private boolean dryRun;

  @Override
  public Integer call() throws Exception {
    return run(since, days, dryRun, cli.config(), cli.vertx(), spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }

  /**
   * Runs one reconciliation with the options as given ({@code since} and {@code days} as typed,
   * null when absent); returns the exit code: 0 done, 1 refused, 2 usage, 3 unreachable.
   */
  static int run(String since, String days, boolean dryRun, AppConfig config, Vertx vertx, PrintWriter out,
                 PrintWriter err) throws Exception {
    if (since != null && days != null) {
      err.println("give --since or --days, not both");
      return Cli.USAGE;
    }
    if (!config.stripeApi().configured()) {
      err.println("STRIPE_SECRET_KEY is not set: reconcile reads Stripe's Events API with it");
      return Cli.USAGE;
    }
    Clock clock = Clock.systemUTC();
    ReconcileRequest request;
    try {
      request = ReconcileRequest.manual(days != null ? daysBack(days, clock) : since(since), dryRun, clock);
    } catch (ServiceError e) {
      err.println(e.detail());
      return Cli.USAGE;
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return Cli.USAGE;
    }
    try (DatabaseServer database = DatabaseServer.prepare(config)) {
      LocalCodec.register(vertx);
      String billing = vertx.deployVerticle(new BillingVerticle(config, database.connectOptions(), clock)).await();
      try {
        JsonObject run = vertx.eventBus().<JsonObject>request(Addresses.RECONCILE_RUN, request,
            new DeliveryOptions().setLocalOnly(true).setSendTimeout(RUN_TIMEOUT_MS)).await().body();
        return report(run, out, err);
      } catch (ReplyException e) {
        err.println("reconcile failed: " + (e instanceof ServiceError s ? s.detail() : e.getMessage()));
        return Cli.UNREACHABLE;
      } finally {
        vertx.undeploy(billing).await();
      }
    }
  }

  private static Instant daysBack(String days, Clock clock) {
    if (!days.matches("\\d{1,2}") || Integer.parseInt(days) < 1 || Integer.parseInt(days) > 30) {
      throw new IllegalArgumentException("--days must be a whole number from 1 to 30 (Stripe keeps events 30 days)");
    }
    return clock.instant().minus(Duration.ofDays(Integer.parseInt(days)));
  }

  /** An ISO-8601 time, or a date (midnight UTC); null for null. */
  private static Instant since(String since) {
    if (since == null) {
      return null;
    }
    try {
      return since.length() == 10 ? LocalDate.parse(since).atStartOfDay(ZoneOffset.UTC).toInstant()
          : OffsetDateTime.parse(since).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--since must be an ISO-8601 time such as 2026-11-01T00:00:00Z, or a date");
    }
  }

  /** The summary on stdout; a run that did not finish adds one line on stderr. */
  private static int report(JsonObject run, PrintWriter out, PrintWriter err) {
    JsonObject processed = run.getJsonObject("processed");
    int fresh = run.getInteger("listed") - run.getInteger("already_stored");
    String byOutcome = processed.fieldNames().stream().sorted().map(o -> o + " " + processed.getInteger(o))
        .collect(Collectors.joining(", "));
    String done = run.getBoolean("dry_run") ? "would process " + fresh
        : "processed " + processed.stream().mapToInt(e -> (Integer) e.getValue()).sum()
        + (byOutcome.isEmpty() ? "" : " (" + byOutcome + ")");
    if (run.getInteger("listed") > 0 || "ok".equals(run.getString("status"))) {
      out.printf("%sevents since %s: listed %d, already stored %d, %s%n", run.getBoolean("dry_run") ? "dry run, " : "",
          run.getString("since"), run.getInteger("listed"), run.getInteger("already_stored"), done);
    }
    String failure = run.getString("failure");
    if (failure == null) {
      return Cli.OK;
    }
    err.println("reconcile " + run.getString("status") + ": " + run.getString("error"));
    return switch (failure) {
      case "api_unreachable", "api_misbehaved", "not_committed", "database" -> Cli.UNREACHABLE;
      default -> Cli.REFUSED;
    };
  }
}
