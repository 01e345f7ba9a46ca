package dev.budgetsync.it;

import com.hazelcast.config.Config;
import dev.budgetsync.ClusterMode;
import dev.budgetsync.bus.Addresses;
import dev.budgetsync.support.Clusters;
import dev.budgetsync.support.Events;
import dev.budgetsync.support.Ports;
import dev.budgetsync.support.TestApp;
import dev.budgetsync.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Two clustered instances of the whole service in one JVM, on one schema: the event bus spans
 * them, webhooks are committed by the node that received them, and when one node leaves the other
 * serves alone. Hazelcast runs on loopback under a cluster name of its own, so parallel runs on
 * one machine never join each other.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterTest {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterTest.class);
  private static final ClusterMode LOOPBACK = new ClusterMode(true, "127.0.0.1", 0, null);
  private static final DeliveryOptions BOUNDED = new DeliveryOptions().setSendTimeout(5000);
  /** A cluster member calls billing with a key in the message header {@code token}. */
  private static final DeliveryOptions WITH_TOKEN = new DeliveryOptions(BOUNDED).addHeader("token", TestApp.TOKEN);
  private static final String NODE_A_ONLY = "test.cluster.node-a";

  private final String clusterName = "budget-sync-test-" + UUID.randomUUID();
  private final String schema = TestDatabase.newSchemaName();
  private Vertx nodeA;
  private Vertx nodeB;
  private TestApp appA;
  private TestApp appB;

  @AfterEach
  void tearDown() throws Exception {
    for (TestApp app : new TestApp[] {appA, appB}) {
      if (app != null) {
        app.stop();
      }
    }
    for (Vertx node : new Vertx[] {nodeA, nodeB}) {
      if (node != null) {
        node.close().await(20, TimeUnit.SECONDS);
      }
    }
    TestDatabase.dropSchema(schema);
  }

  @Test
  void theBusSpansTheNodesAndTheSurvivorServesAlone() throws Exception {
    int portA = Ports.free();
    int portB = Ports.free();
    long started = System.nanoTime();
    HazelcastClusterManager managerA = new HazelcastClusterManager(hazelcast(portA, portA, portB));
    HazelcastClusterManager managerB = new HazelcastClusterManager(hazelcast(portB, portA, portB));
    nodeA = LOOPBACK.join(managerA).await(20, TimeUnit.SECONDS);
    nodeB = LOOPBACK.join(managerB).await(20, TimeUnit.SECONDS);
    LOG.info("two-node cluster formed in {} ms", (System.nanoTime() - started) / 1_000_000);
    assertThat(managerA.getNodes()).containsExactlyInAnyOrder(managerA.getNodeId(), managerB.getNodeId());

    appA = TestApp.startOn(nodeA, schema, new JsonObject());
    appB = TestApp.startOn(nodeB, schema, new JsonObject());
    LOG.info("both instances serving {} ms after the start", (System.nanoTime() - started) / 1_000_000);
    AtomicInteger webhooksOnA = deliveries(nodeA, Addresses.WEBHOOK);
    AtomicInteger webhooksOnB = deliveries(nodeB, Addresses.WEBHOOK);
    List<JsonObject> updatesOnB = published(nodeB, Addresses.UPDATED);
    String account = Events.newId("acct");

    // Node A's HTTP port takes three payments; its own billing verticle commits each of them.
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> received = appA.postEvent(
          Events.wrap("checkout.session.completed", Events.paidSession(1000, "usd", account)));
      assertThat(received.statusCode()).isEqualTo(200);
      assertThat(received.bodyAsJsonObject().getString("outcome")).isEqualTo("credited");
    }
    assertThat(webhooksOnA).hasValue(3);
    assertThat(webhooksOnB).hasValue(0);
    // So node A's billing published the changes, and node B's consumer got them across the cluster.
    awaitUntil(() -> forAccount(updatesOnB, account) > 0);

    JsonObject statusFromB = nodeB.eventBus().<JsonObject>request(Addresses.STATUS,
        new JsonObject().put("account", account), WITH_TOKEN).await().body();
    assertThat(statusFromB.getLong("budget")).isEqualTo(3000);

    JsonObject spent = nodeB.eventBus().<JsonObject>request(Addresses.SPEND, new JsonObject().put("account", account)
        .put("agent", "CONTENT").put("amount", 1250).put("currency", "usd").put("idempotency_key", account + "-1"),
        WITH_TOKEN).await().body();
    assertThat(spent.getLong("spent")).isEqualTo(1250);
    JsonObject statusOnA = appA.budget(account);
    assertThat(statusOnA.getLong("spent")).isEqualTo(1250);
    assertThat(statusOnA.getLong("remaining")).isEqualTo(1750);

    // An address only node A consumes answers node B's request: request and reply cross the cluster.
    nodeA.eventBus().consumer(NODE_A_ONLY, message -> message.reply("A")).completion().await();
    assertThat(nodeB.eventBus().request(NODE_A_ONLY, null, BOUNDED).await().body()).isEqualTo("A");

    // Node A leaves: its consumers go with it, and node B serves alone over HTTP and the bus.
    appA.stop();
    appA = null;
    nodeA.close().await(20, TimeUnit.SECONDS);
    nodeA = null;
    awaitUntil(() -> managerB.getNodes().size() == 1);
    ReplyException gone = catchThrowableOfType(ReplyException.class,
        () -> nodeB.eventBus().request(NODE_A_ONLY, null, BOUNDED).await());
    assertThat(gone.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
    // More requests than nodes ever were: none is routed to the node that left.
    for (int i = 0; i < 4; i++) {
      assertThat(nodeB.eventBus().<JsonObject>request(Addresses.STATUS, new JsonObject().put("account", account),
          WITH_TOKEN).await().body().getLong("spent")).isEqualTo(1250);
    }
    assertThat(appB.get("/health/ready").statusCode()).isEqualTo(200);
    HttpResponse<Buffer> received = appB.postEvent(
        Events.wrap("checkout.session.completed", Events.paidSession(500, "usd", account)));
    assertThat(received.statusCode()).isEqualTo(200);
    assertThat(received.bodyAsJsonObject().getString("outcome")).isEqualTo("credited");
    JsonObject statusOnB = appB.budget(account);
    assertThat(statusOnB.getLong("budget")).isEqualTo(3500);
    assertThat(statusOnB.getLong("spent")).isEqualTo(1250);
    assertThat(statusOnB.getLong("remaining")).isEqualTo(2250);
  }

  private Config hazelcast(int port, int... members) {
    return Clusters.hazelcast(clusterName, port, members);
  }

  /** Counts the messages to {@code address} that {@code node} delivers to its own consumers. */
  private static AtomicInteger deliveries(Vertx node, String address) {
    AtomicInteger seen = new AtomicInteger();
    node.eventBus().addInboundInterceptor(delivery -> {
      if (address.equals(delivery.message().address())) {
        seen.incrementAndGet();
      }
      delivery.next();
    });
    return seen;
  }

  private static List<JsonObject> published(Vertx node, String address) {
    List<JsonObject> seen = new CopyOnWriteArrayList<>();
    node.eventBus().<JsonObject>consumer(address, message -> seen.add(message.body())).completion().await();
    return seen;
  }

  private static long forAccount(List<JsonObject> updates, String account) {
    return updates.stream().filter(u -> account.equals(u.getString("account"))).count();
  }

  private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
