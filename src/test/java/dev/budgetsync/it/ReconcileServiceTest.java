package dev.budgetsync.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.budgetsync.metrics.ServiceMetrics;
import dev.budgetsync.support.ApiSamples;
import dev.budgetsync.support.EventSet;
import dev.budgetsync.support.FakeStripe;
import dev.budgetsync.support.TestApp;
import dev.budgetsync.support.TestDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with {@code STRIPE_SECRET_KEY} reconciles on its own, at start and then on its
 * interval, against a local fake of Stripe's API: the webhook endpoints' problems show in
 * {@code GET /api/stripe/reconcile}, in one WARN line per run and in the metrics; and two instances
 * on one schema reconcile one at a time, each run taking its turn.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReconcileServiceTest {

  private static final class Capture extends AppenderBase<ILoggingEvent> {
    final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
      events.add(event);
    }
  }

  @Test
  void aDisabledEndpointAndOneMissingChargeRefundedShowInTheStatusTheLogAndTheMetrics(Vertx vertx) throws Exception {
    FakeStripe fake = FakeStripe.start(vertx);
    List<String> noRefunds = new ArrayList<>(dev.budgetsync.domain.EventMapper.SUPPORTED_EVENTS);
    noRefunds.remove("charge.refunded");
    JsonObject disabled = ApiSamples.endpoint("https://old.example/api/webhooks/stripe", "disabled", List.of("*"));
    JsonObject partial = ApiSamples.endpoint("https://new.example/api/webhooks/stripe", "enabled", noRefunds);
    fake.addEndpoint(disabled);
    fake.addEndpoint(partial);
    EventSet set = EventSet.of(30, Long.toHexString(System.nanoTime()));
    fake.addEvents(set.events());
    MeterRegistry registry = ServiceMetrics.of(vertx).registry();
    double disabledBefore = count(registry, "budget_sync.reconcile.endpoint.problems", "problem", "disabled");
    double newBefore = count(registry, "budget_sync.reconcile.events.new", null, null);
    Capture capture = capture();
    TestApp app = TestApp.start(vertx, new JsonObject().put("STRIPE_SECRET_KEY", FakeStripe.KEY)
        .put("STRIPE_API_BASE", fake.baseUrl()));
    try {
      JsonObject status = awaitRuns(app, 1);

      assertThat(status.getBoolean("enabled")).isTrue();
      assertThat(status.getInteger("interval_minutes")).isEqualTo(60);
      JsonObject run = status.getJsonArray("runs").getJsonObject(0);
      assertThat(run.getString("trigger")).isEqualTo("schedule");
      assertThat(run.getString("status")).isEqualTo("ok");
      assertThat(run.getInteger("listed")).isEqualTo(30);
      JsonObject endpoints = status.getJsonObject("webhook_endpoints");
      assertThat(endpoints.getJsonObject("problems").getMap()).containsEntry("disabled", 1)
          .containsEntry("missing_events", 1).containsEntry("no_endpoint", 0);
      Map<String, JsonObject> byId = new TreeMap<>();
      endpoints.getJsonArray("endpoints").forEach(e -> byId.put(((JsonObject) e).getString("id"), (JsonObject) e));
      assertThat(byId.get(disabled.getString("id")).getJsonArray("problems")).containsExactly("disabled");
      assertThat(byId.get(partial.getString("id")).getJsonArray("missing_events")).containsExactly("charge.refunded");
      assertThat(EventSet.budgets(app)).isEqualTo(EventSet.money(set.items()));

      List<ILoggingEvent> warnings = capture.events.stream()
          .filter(e -> e.getFormattedMessage().startsWith("Stripe webhook endpoints need attention")).toList();
      assertThat(warnings).singleElement().satisfies(warning -> {
        assertThat(warning.getLevel().toString()).isEqualTo("WARN");
        assertThat(warning.getFormattedMessage()).contains(disabled.getString("id") + " (https://old.example")
            .contains("does not send charge.refunded");
      });
      JsonObject line = json(capture.events.stream()
          .filter(e -> e.getFormattedMessage().startsWith("reconciliation reconcile_run=")).findFirst().orElseThrow());
      assertThat(line.getString("status")).isEqualTo("ok");
      assertThat(line.getInteger("listed")).isEqualTo(30);
      assertThat(line.getInteger("new")).isEqualTo(30);
      assertThat(line.getInteger("errors")).isZero();
      assertThat(line.getJsonObject("processed").getMap()).isEqualTo(new TreeMap<>(EventSet.outcomes(set.items())));
      assertThat(line.getLong("duration_ms")).isNotNegative();
      assertThat(app.count("select count(*) from stripe_event where source = 'api'")).isEqualTo(30);

      assertThat(count(registry, "budget_sync.reconcile.endpoint.problems", "problem", "disabled") - disabledBefore)
          .isEqualTo(1);
      assertThat(count(registry, "budget_sync.reconcile.events.new", null, null) - newBefore).isEqualTo(30);
      assertThat(app.get("/metrics").bodyAsString())
          .contains("budget_sync_reconcile_endpoint_problems_total{problem=\"missing_events\"}")
          .contains("budget_sync_reconcile_runs_total{status=\"ok\"}")
          .contains("budget_sync_reconcile_duration_seconds_count{status=\"ok\"}");
    } finally {
      detach(capture);
      app.stop();
      fake.stop();
    }
  }

  @Test
  void twoInstancesReconcileOneAtATimeAndNeitherRunIsSkipped() {
    Vertx nodeA = Vertx.vertx();
    Vertx nodeB = Vertx.vertx();
    FakeStripe fake = FakeStripe.start(nodeA);
    // Slow answers keep the first run busy while the second instance starts and asks for its own.
    fake.delay(500);
    fake.addEndpoint(ApiSamples.endpoint("https://budget.example/api/webhooks/stripe", "enabled", List.of("*")));
    EventSet set = EventSet.of(120, Long.toHexString(System.nanoTime()));
    fake.addEvents(set.events());
    String schema = TestDatabase.newSchemaName();
    JsonObject config = new JsonObject().put("STRIPE_SECRET_KEY", FakeStripe.KEY)
        .put("STRIPE_API_BASE", fake.baseUrl());
    TestApp appA = null;
    TestApp appB = null;
    try {
      appA = TestApp.startOn(nodeA, schema, config);
      appB = TestApp.startOn(nodeB, schema, config);
      Instant secondAsked = Instant.now();

      JsonArray runs = awaitRuns(appA, 2).getJsonArray("runs");

      JsonObject second = runs.getJsonObject(0);
      JsonObject first = runs.getJsonObject(1);
      assertThat(List.of(first.getString("status"), second.getString("status"))).containsExactly("ok", "ok");
      Instant firstFinished = Instant.parse(first.getString("finished_at"));
      assertThat(secondAsked).as("the second instance asked while the first ran").isBefore(firstFinished);
      assertThat(Instant.parse(second.getString("started_at"))).as("and began only after it")
          .isAfterOrEqualTo(firstFinished);
      assertThat(first.getJsonObject("processed").getMap().values().stream().mapToInt(n -> (Integer) n).sum())
          .isEqualTo(120);
      assertThat(second.getJsonObject("processed").getMap()).isEmpty();
      assertThat(second.getInteger("already_stored")).isEqualTo(second.getInteger("listed"));
      assertThat(EventSet.budgets(appA)).isEqualTo(EventSet.money(set.items()));
    } finally {
      for (TestApp app : new TestApp[] {appA, appB}) {
        if (app != null) {
          app.stop();
        }
      }
      fake.stop();
      nodeA.close().await();
      nodeB.close().await();
      TestDatabase.dropSchema(schema);
    }
  }

  /** The status once {@code n} runs have finished. */
  private static JsonObject awaitRuns(TestApp app, int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (true) {
      JsonObject status = app.get("/api/stripe/reconcile").bodyAsJsonObject();
      JsonArray runs = status.getJsonArray("runs");
      if (runs.size() >= n && runs.stream().allMatch(r -> ((JsonObject) r).getString("finished_at") != null)) {
        return status;
      }
      assertThat(System.nanoTime()).as("runs finished in time: " + runs).isLessThan(deadline);
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static double count(MeterRegistry registry, String name, String tag, String value) {
    Counter counter = tag == null ? registry.find(name).counter() : registry.find(name).tag(tag, value).counter();
    return counter == null ? 0 : counter.count();
  }

  private static Capture capture() {
    Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Capture capture = new Capture();
    capture.setContext(root.getLoggerContext());
    capture.start();
    root.addAppender(capture);
    return capture;
  }

  private static void detach(Capture capture) {
    ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        .detachAppender(capture);
  }

  /** The line as LOG_FORMAT=json writes it. */
  private static JsonObject json(ILoggingEvent event) {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    encoder.start();
    return new JsonObject(new String(encoder.encode(event), UTF_8));
  }
}
