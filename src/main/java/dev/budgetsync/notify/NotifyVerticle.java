package dev.budgetsync.notify;

import dev.budgetsync.config.NotifyDestination;
import dev.budgetsync.config.NotifySettings;
import dev.budgetsync.metrics.NotificationMetrics;
import dev.budgetsync.store.Deliveries;
import dev.budgetsync.store.Pools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Delivers the outbox: every {@code pollMs} (and at once while there is more), claims the due
 * deliveries of each destination up to its free request slots, posts them, and records each
 * answer. It has its own small pool and its own event loop, so a slow or dead receiver never holds
 * a connection or a thread that webhooks and spend need. With no destination it only makes the
 * database forget the old ones.
 */
public final class NotifyVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NotifyVerticle.class);

  private final NotifySettings settings;
  private final PgConnectOptions connectOptions;
  private final String schema;
  private final Map<String, NotifyDestination> byKey;
  private final Map<String, Integer> inFlight = new HashMap<>();
  private Pool pool;
  private Deliveries deliveries;
  private HttpClient client;
  private SignedPost post;
  private NotificationMetrics metrics;
  private boolean claiming;
  private boolean moreDue;
  private boolean databaseWarned;
  private boolean stopping;

  public NotifyVerticle(NotifySettings settings, PgConnectOptions connectOptions, String schema) {
    this.settings = settings;
    this.connectOptions = connectOptions;
    this.schema = schema;
    this.byKey = settings.destinations().stream()
        .collect(Collectors.toMap(NotifyDestination::key, Function.identity(), (a, b) -> a, LinkedHashMap::new));
  }

  @Override
  public Future<?> start() {
    pool = Pools.pool(vertx, connectOptions, schema, 2);
    deliveries = new Deliveries(pool);
    metrics = NotificationMetrics.of(vertx, settings.destinations());
    // The pending gauge is right from the start, not only after the first refresh.
    return deliveries.sync(settings.destinations()).compose(v -> refreshPending()).onSuccess(v -> {
      if (!settings.enabled()) {
        return;
      }
      client = vertx.createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(settings.concurrency()));
      post = new SignedPost(vertx, client, settings.secret(), settings.timeoutMs(), Clock.systemUTC());
      byKey.keySet().forEach(key -> inFlight.put(key, 0));
      vertx.setPeriodic(settings.pollMs(), id -> claimDue());
      // A count over the pending rows' index: cheap, but no need to run it on every poll.
      vertx.setPeriodic(Math.min(5000, 10 * settings.pollMs()), id -> refreshPending());
      LOG.info("notifications go to {} destination(s): {}", byKey.size(),
          byKey.values().stream().map(NotifyDestination::label).collect(Collectors.joining(", ")));
    });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    // Requests still in flight are dropped; their leases run out and they are sent again.
    if (client != null) {
      client.close();
    }
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  /** Claims what is due for the destinations with a free slot; one claim at a time. */
  private void claimDue() {
    if (claiming) {
      return;
    }
    Map<String, Integer> free = new HashMap<>();
    inFlight.forEach((key, busy) -> {
      if (busy < settings.concurrency()) {
        free.put(key, settings.concurrency() - busy);
      }
    });
    if (free.isEmpty()) {
      return;
    }
    claiming = true;
    int asked = free.values().stream().mapToInt(Integer::intValue).sum();
    deliveries.claim(free, UUID.randomUUID().toString(), settings.leaseMs()).onComplete(claimed -> {
      claiming = false;
      if (claimed.failed()) {
        databaseProblem(claimed.cause());
        return;
      }
      databaseWarned = false;
      moreDue = claimed.result().size() == asked;
      claimed.result().forEach(this::deliver);
    });
  }

  private void deliver(Deliveries.Claimed delivery) {
    NotifyDestination destination = byKey.get(delivery.destination());
    inFlight.merge(delivery.destination(), 1, Integer::sum);
    // Composed, so that anything thrown on the way becomes a failed attempt, never a leaked slot.
    Future.succeededFuture().compose(v -> post.send(destination, delivery.body()))
        .transform(answered -> record(destination, delivery, answered.succeeded() ? answered.result() : null,
            answered.cause()))
        .onComplete(recorded -> {
          inFlight.merge(delivery.destination(), -1, Integer::sum);
          if (recorded.failed()) {
            // The answer is not recorded: the lease runs out and the delivery is sent again.
            databaseProblem(recorded.cause());
          } else if (moreDue) {
            claimDue();
          }
        });
  }

  private Future<Void> record(NotifyDestination destination, Deliveries.Claimed delivery, SignedPost.Answer answer,
                              Throwable noAnswer) {
    Deliveries.Result result = answer == null ? Deliveries.Result.RETRY
        : answer.delivered() ? Deliveries.Result.DELIVERED
        : answer.stopped() ? Deliveries.Result.STOPPED : Deliveries.Result.RETRY;
    metrics.attempt(destination, answer == null ? "error" : answer.stopped() ? "410" : (answer.status() / 100) + "xx");
    String error = answer == null ? SignedPost.noAnswer(destination, noAnswer)
        : answer.delivered() ? null : answer.status() + " " + answer.message() + ": " + answer.body();
    long delayMs = Backoff.delayMs(delivery.attempt(), settings.firstRetryMs(), ThreadLocalRandom.current());
    return deliveries.record(delivery, result, delayMs, settings.retryHours(), answer == null ? null : answer.status(),
        error).map(status -> {
          if ("failed".equals(status)) {
            metrics.failed(destination);
            LOG.warn("notification {} to {} given up after {} attempt(s): {}", kv("notification_id",
                delivery.notificationId()), destination.label(), delivery.attempt(), error);
          }
          return null;
        });
  }

  private Future<Void> refreshPending() {
    return deliveries.pending().map(pending -> {
      byKey.forEach((key, destination) -> metrics.pending(destination, pending.getOrDefault(key, 0L)));
      return null;
    });
  }

  /** Said once per outage: the sender retries on its own and the next success clears it. */
  private void databaseProblem(Throwable error) {
    if (!databaseWarned && !stopping) {
      databaseWarned = true;
      LOG.warn("notifications are waiting: the outbox cannot be read or written: {}", error.toString());
    }
  }
}
