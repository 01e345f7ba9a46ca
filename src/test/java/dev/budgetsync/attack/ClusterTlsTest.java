package dev.budgetsync.attack;

import dev.budgetsync.ClusterMode;
import dev.budgetsync.support.Clusters;
import dev.budgetsync.support.Keystores;
import dev.budgetsync.support.Ports;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.net.PfxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The event bus between members over TLS with one shared keystore ({@code CLUSTER_TLS_KEYSTORE}):
 * members that hold it talk; a process that joins Hazelcast without it, or with a keystore of its
 * own, can neither reach a member's consumer nor be reached.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterTlsTest {
  private static final String PASSWORD = "cluster-keystore-password";
  private static final String ADDRESS = "test.tls.echo";
  private static PfxOptions shared;
  private static PfxOptions foreign;

  private final String clusterName = "budget-sync-tls-" + UUID.randomUUID();
  private final List<Vertx> nodes = new ArrayList<>();

  @BeforeAll
  static void keystores(@TempDir Path dir) throws Exception {
    shared = fromEnvironment(Keystores.shared(dir, "cluster", PASSWORD));
    foreign = fromEnvironment(Keystores.shared(dir, "foreign", PASSWORD));
  }

  /** Read as the service reads it, checks included. */
  private static PfxOptions fromEnvironment(Path keystore) {
    return ClusterMode.fromEnvironment(Map.of("CLUSTER", "true", "CLUSTER_TLS_KEYSTORE", keystore.toString(),
        "CLUSTER_TLS_KEYSTORE_PASSWORD", PASSWORD)).tls();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Vertx node : nodes) {
      node.close().await(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void membersWithTheKeystoreTalkAndOthersCannotReachThem() throws Exception {
    int[] ports = {Ports.free(), Ports.free(), Ports.free(), Ports.free()};
    Vertx a = join(ports, 0, shared);
    Vertx b = join(ports, 1, shared);
    Vertx plain = join(ports, 2, null);
    Vertx stranger = join(ports, 3, foreign);
    AtomicInteger delivered = new AtomicInteger();
    a.eventBus().consumer(ADDRESS, message -> {
      delivered.incrementAndGet();
      message.reply("from a");
    }).completion().await();
    // The first connection of each member builds its TLS context, which takes seconds on a busy machine.
    DeliveryOptions bounded = new DeliveryOptions().setSendTimeout(15_000);

    assertThat(b.eventBus().request(ADDRESS, "hello", bounded).await().body()).isEqualTo("from a");
    for (Vertx outsider : List.of(plain, stranger)) {
      ReplyException refused = catchThrowableOfType(ReplyException.class,
          () -> outsider.eventBus().request(ADDRESS, "hello", new DeliveryOptions().setSendTimeout(5000)).await());
      assertThat(refused).isNotNull();
    }
    assertThat(delivered).hasValue(1);

    // Nor can a member be made to deliver to an outsider's consumer.
    AtomicInteger stolen = new AtomicInteger();
    plain.eventBus().consumer("test.tls.outsider", message -> stolen.incrementAndGet()).completion().await();
    a.eventBus().send("test.tls.outsider", "secret");
    Thread.sleep(1500);
    assertThat(stolen).hasValue(0);
  }

  private Vertx join(int[] ports, int index, PfxOptions tls) throws Exception {
    ClusterMode mode = new ClusterMode(true, "127.0.0.1", 0, null, tls);
    Vertx node = mode.join(new HazelcastClusterManager(Clusters.hazelcast(clusterName, ports[index], ports)))
        .await(20, TimeUnit.SECONDS);
    nodes.add(node);
    return node;
  }
}
