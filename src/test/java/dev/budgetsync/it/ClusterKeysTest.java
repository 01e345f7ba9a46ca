package dev.budgetsync.it;

import dev.budgetsync.ClusterMode;
import dev.budgetsync.bus.Addresses;
import dev.budgetsync.support.Clusters;
import dev.budgetsync.support.Ports;
import dev.budgetsync.support.TestApp;
import dev.budgetsync.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A key revoked through one node of a two-node cluster is refused by both, over HTTP and over the
 * event bus, within a second, though each had it cached: the revocation is published to every member.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterKeysTest {
  private static final ClusterMode LOOPBACK = new ClusterMode(true, "127.0.0.1", 0, null);
  private static final String ACCOUNT = "acct_cluster_key";

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
  void aRevokedKeyIsRefusedOnBothNodesWithinASecond() throws Exception {
    int portA = Ports.free();
    int portB = Ports.free();
    nodeA = LOOPBACK.join(new HazelcastClusterManager(Clusters.hazelcast(clusterName, portA, portA, portB)))
        .await(20, TimeUnit.SECONDS);
    nodeB = LOOPBACK.join(new HazelcastClusterManager(Clusters.hazelcast(clusterName, portB, portA, portB)))
        .await(20, TimeUnit.SECONDS);
    appA = TestApp.startOn(nodeA, schema, new JsonObject());
    appB = TestApp.startOn(nodeB, schema, new JsonObject());

    JsonObject created = appA.postJson("/api/keys", new JsonObject().put("name", "agent").put("scope", "spend")
        .put("accounts", new JsonArray().add(ACCOUNT)), null).bodyAsJsonObject();
    String key = created.getString("key");
    DeliveryOptions withKey = new DeliveryOptions().setSendTimeout(5000).addHeader("token", key);
    // Both nodes know the key now, each in its caches (HTTP, and billing for bus callers).
    assertThat(status(appA, key)).isEqualTo(200);
    assertThat(status(appB, key)).isEqualTo(200);
    assertThat(nodeB.eventBus().<JsonObject>request(Addresses.STATUS, new JsonObject().put("account", ACCOUNT),
        withKey).await().body().getString("account")).isEqualTo(ACCOUNT);

    assertThat(appA.client().delete("/api/keys/" + created.getString("id"))
        .bearerTokenAuthentication(TestApp.TOKEN).send().await().statusCode()).isEqualTo(200);
    long revoked = System.nanoTime();
    while (status(appB, key) != 401 && System.nanoTime() - revoked < TimeUnit.SECONDS.toNanos(1)) {
      sleep();
    }
    long refusedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revoked);
    assertThat(status(appB, key)).as("node B refuses the revoked key").isEqualTo(401);
    assertThat(refusedAfterMs).as("node B refused it within a second").isLessThan(1000);
    assertThat(status(appA, key)).isEqualTo(401);
    ReplyException onBus = catchThrowableOfType(ReplyException.class, () -> nodeA.eventBus().request(
        Addresses.STATUS, new JsonObject().put("account", ACCOUNT), withKey).await());
    assertThat(onBus.failureCode()).isEqualTo(401);
  }

  private static int status(TestApp app, String key) {
    return app.client().get("/api/budget?account=" + ACCOUNT).bearerTokenAuthentication(key).send().await()
        .statusCode();
  }

  private static void sleep() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
