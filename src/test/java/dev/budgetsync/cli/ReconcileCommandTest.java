package dev.budgetsync.cli;

import dev.budgetsync.config.AppConfig;
import dev.budgetsync.support.ApiSamples;
import dev.budgetsync.support.EventSet;
import dev.budgetsync.support.FakeStripe;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code reconcile} against a local fake of Stripe's API serving Stripe-shaped events, with billing
 * on a real PostgreSQL: what no webhook delivered is processed once through the webhook's path,
 * pages answered 429 or 500 are retried, and a rejected key, an unreachable API or a partial run
 * end with one clear line.
 */
@ExtendWith(VertxExtension.class)
class ReconcileCommandTest {
  private FakeStripe fake;
  private TestApp app;
  private EventSet set;

  private record Run(int exit, String out, String err) {
  }

  @BeforeEach
  void start(Vertx vertx) {
    fake = FakeStripe.start(vertx);
    fake.addEndpoint(ApiSamples.endpoint("https://budget.example/api/webhooks/stripe", "enabled", List.of("*")));
    set = EventSet.of(250, "acct_" + Long.toHexString(System.nanoTime()));
    fake.addEvents(set.events());
    // The service itself does not reconcile here: each run is the command's.
    app = TestApp.start(vertx, new JsonObject().put("STRIPE_SECRET_KEY", FakeStripe.KEY)
        .put("STRIPE_API_BASE", fake.baseUrl()).put("STRIPE_RECONCILE_INTERVAL_MINUTES", 0));
  }

  @AfterEach
  void stop() {
    app.stop();
    fake.stop();
  }

  @Test
  void oneRunProcessesExactlyWhatNoWebhookDeliveredAndASecondProcessesNothing() {
    List<EventSet.Item> byWebhook = set.where(item -> !"debited".equals(item.outcome())
        && set.items().indexOf(item) % 5 == 1).subList(0, 40);
    Set<String> delivered = byWebhook.stream().map(EventSet.Item::id).collect(Collectors.toSet());
    List<EventSet.Item> missed = set.where(item -> !delivered.contains(item.id()));
    for (EventSet.Item item : byWebhook) {
      assertThat(app.postEvent(item.event()).statusCode()).isEqualTo(200);
    }
    Map<String, Long> before = EventSet.budgets(app);
    assertThat(before).isEqualTo(EventSet.money(byWebhook));

    Run first = reconcile();

    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.err()).isEmpty();
    assertThat(first.out()).contains(": listed 250, already stored 40, processed 210 (" + outcomes(missed) + ")");
    Map<String, Long> after = EventSet.budgets(app);
    assertThat(difference(after, before)).isEqualTo(EventSet.money(missed));
    assertThat(after).isEqualTo(EventSet.money(set.items()));
    assertThat(app.count("select count(*) from stripe_event where source = 'api'")).isEqualTo(210);
    assertThat(app.count("select count(*) from stripe_event where source = 'webhook'")).isEqualTo(40);

    JsonObject firstRun = runs().getJsonObject(0);
    Instant since = Instant.parse(firstRun.getString("until")).minus(Duration.ofMinutes(10));
    long recent = set.where(item -> item.event().getLong("created") >= since.getEpochSecond()).size();
    Run second = reconcile();
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).contains("events since " + since + ": listed " + recent + ", already stored " + recent
        + ", processed 0");
    assertThat(EventSet.budgets(app)).isEqualTo(after);

    EventSet.Item late = missed.get(missed.size() / 2);
    assertThat(app.postEvent(late.event()).bodyAsJsonObject().getString("outcome")).isEqualTo("duplicate");
    assertThat(EventSet.budgets(app)).isEqualTo(after);

    JsonArray runs = runs();
    assertThat(runs).hasSize(2);
    JsonObject newest = runs.getJsonObject(0);
    assertThat(newest.getString("status")).isEqualTo("ok");
    assertThat(newest.getString("trigger")).isEqualTo("cli");
    assertThat(runs.getJsonObject(1).getJsonObject("processed").getMap())
        .isEqualTo(new TreeMap<>(EventSet.outcomes(missed)));
    assertThat(runs.getJsonObject(1).getInteger("already_stored")).isEqualTo(40);
  }

  @Test
  void pagesAnswered429And500AreRetriedAndTheRunCompletes() {
    List<String> ids = newestFirst();
    fake.fault("starting_after=" + ids.get(99), 429, Map.of("Retry-After", "1"));
    fake.fault("starting_after=" + ids.get(199), 500, Map.of());

    Run run = reconcile("--days", "1");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("listed 250, already stored 0, processed 250");
    assertThat(EventSet.budgets(app)).isEqualTo(EventSet.money(set.items()));
    assertThat(fake.requests().stream().filter(r -> r.startsWith("GET /v1/events"))).hasSize(5);
  }

  @Test
  void aRejectedKeyEndsWithOneLineAndChangesNothing() {
    String wrongKey = "sk_test_rejected0123456789zzzz";
    Run run = reconcile(app.config().put("STRIPE_SECRET_KEY", wrongKey));

    assertThat(run.exit()).isEqualTo(Cli.REFUSED);
    assertThat(run.err().lines()).containsExactly("reconcile failed: Stripe rejected STRIPE_SECRET_KEY"
        + " (401: invalid_request_error: Invalid API Key provided: sk_***)");
    assertThat(run.out() + run.err()).doesNotContain("rejected0123").doesNotContain("zzzz");
    assertThat(app.count("select count(*) from stripe_event")).isZero();
    assertThat(app.count("select count(*) from ledger_entry")).isZero();
    JsonObject failed = runs().getJsonObject(0);
    assertThat(failed.getString("status")).isEqualTo("failed");
    assertThat(failed.getString("failure")).isEqualTo("key_rejected");
  }

  @Test
  void anUnreachableApiAndAPartialRunEndWithOneLineAndTheNextRunFinishes() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Run unreachable = reconcile(app.config().put("STRIPE_API_BASE", "http://127.0.0.1:" + closed));
    assertThat(unreachable.exit()).isEqualTo(Cli.UNREACHABLE);
    assertThat(unreachable.err().lines()).singleElement().asString()
        .startsWith("reconcile failed: the Stripe API at http://127.0.0.1:" + closed + " could not be reached")
        .endsWith("(gave up after 5 attempts)");

    List<String> ids = newestFirst();
    for (int i = 0; i < 5; i++) {
      fake.fault("starting_after=" + ids.get(199), 503, Map.of());
    }
    Run partial = reconcile();
    assertThat(partial.exit()).isEqualTo(Cli.UNREACHABLE);
    assertThat(partial.out()).contains("listed 200, already stored 0, processed 200");
    assertThat(partial.err().lines()).singleElement().asString().startsWith("reconcile partial: the Stripe API answered"
        + " GET /v1/events with 503").endsWith("(gave up after 5 attempts)");
    assertThat(app.count("select count(*) from stripe_event")).isEqualTo(200);

    Run next = reconcile();
    assertThat(next.exit()).as(next.err()).isZero();
    assertThat(next.out()).contains("listed 250, already stored 200, processed 50");
    assertThat(EventSet.budgets(app)).isEqualTo(EventSet.money(set.items()));
  }

  @Test
  void aListWhoseCursorDoesNotAdvanceEndsPartialWithOneLineAndReleasesTheLock() {
    fake.ignoreStartingAfter(true);
    Run stuck = reconcile();
    assertThat(stuck.exit()).isEqualTo(Cli.UNREACHABLE);
    assertThat(stuck.out()).contains("listed 100, already stored 0, processed 100");
    assertThat(stuck.err().lines()).singleElement().asString().startsWith("reconcile partial: the Stripe API's list"
        + " GET /v1/events does not end: page 2 lists evt_").endsWith(" again: the cursor does not advance; the walk"
        + " stopped there");
    JsonObject run = runs().getJsonObject(0);
    assertThat(run.getString("status")).isEqualTo("partial");
    assertThat(run.getString("failure")).isEqualTo("api_misbehaved");
    assertThat(app.count("select count(*) from stripe_event")).isEqualTo(100);

    fake.ignoreStartingAfter(false);
    Run next = reconcile();
    assertThat(next.exit()).as(next.err()).isZero();
    assertThat(next.out()).contains("listed 250, already stored 100, processed 150");
    assertThat(EventSet.budgets(app)).isEqualTo(EventSet.money(set.items()));
  }

  @Test
  void wrongOptionsAndATooOldSinceAreRefusedAndADryRunChangesNothing() {
    Run old = reconcile("--since", Instant.now().minus(Duration.ofDays(31)).toString());
    assertThat(old.exit()).isEqualTo(Cli.USAGE);
    assertThat(old.err().lines()).singleElement().asString().endsWith("is older than 30 days: Stripe keeps events"
        + " for 30 days");
    assertThat(reconcile("--since", "2026-11-01", "--days", "2").exit()).isEqualTo(Cli.USAGE);
    assertThat(reconcile("--days", "31").exit()).isEqualTo(Cli.USAGE);
    assertThat(reconcile("--since", "yesterday").exit()).isEqualTo(Cli.USAGE);
    Run noKey = reconcile(app.config().put("STRIPE_SECRET_KEY", ""));
    assertThat(noKey.exit()).isEqualTo(Cli.USAGE);
    assertThat(noKey.err()).startsWith("STRIPE_SECRET_KEY is not set");

    Run dry = reconcile("--dry-run", "--since", Instant.now().minus(Duration.ofDays(1)).toString());
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("dry run, events since").contains("listed 250, already stored 0, would process 250");
    assertThat(app.count("select count(*) from stripe_event")).isZero();
    assertThat(runs().getJsonObject(0).getBoolean("dry_run")).isTrue();
    assertThat(fake.requests()).noneMatch(request -> request.contains("created[gte]=0"));
  }

  private Run reconcile(String... options) {
    return reconcile(app.config(), options);
  }

  /** The command as the jar runs it: in a Vert.x of its own, against the service's schema. */
  private static Run reconcile(JsonObject config, String... options) {
    String[] args = new String[options.length + 1];
    args[0] = "reconcile";
    System.arraycopy(options, 0, args, 1, options.length);
    Vertx own = Vertx.vertx();
    try {
      CliRun run = CliRun.run(own, AppConfig.from(config), args);
      return new Run(run.exit(), run.out(), run.err());
    } finally {
      own.close().await();
    }
  }

  /** The events' ids as Stripe lists them: newest first (a page is 100 of them). */
  private List<String> newestFirst() {
    List<String> ids = new java.util.ArrayList<>(set.events().stream().map(e -> e.getString("id")).toList());
    java.util.Collections.reverse(ids);
    return ids;
  }

  private JsonArray runs() {
    return app.get("/api/stripe/reconcile").bodyAsJsonObject().getJsonArray("runs");
  }

  private static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
    Map<String, Long> added = new TreeMap<>();
    after.forEach((account, total) -> {
      long delta = total - before.getOrDefault(account, 0L);
      if (delta != 0) {
        added.put(account, delta);
      }
    });
    return added;
  }

  private static String outcomes(List<EventSet.Item> items) {
    return EventSet.outcomes(items).entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
