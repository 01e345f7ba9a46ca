package dev.budgetsync;

import com.hazelcast.config.Config;
import dev.budgetsync.metrics.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PfxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.FileNotFoundException;
import java.util.Map;

/**
 * Whether Vert.x starts alone or joins a Hazelcast cluster whose event bus spans the instances.
 * Read from the environment before Vert.x exists, so it cannot come from the config retriever:
 * <ul>
 *   <li>{@code CLUSTER}: {@code true} to join; anything false-like, or unset, starts alone.</li>
 *   <li>{@code CLUSTER_HOST}: the address this node binds and advertises for event-bus traffic
 *       (default {@code 127.0.0.1}; in Kubernetes the pod IP).</li>
 *   <li>{@code CLUSTER_PORT}: the event-bus port (default 0: any free port).</li>
 *   <li>{@code CLUSTER_CONFIG}: a Hazelcast XML or YAML file. Unset, the Vert.x lookup applies:
 *       {@code -Dvertx.hazelcast.config}, else {@code cluster.xml} on the classpath.</li>
 *   <li>{@code CLUSTER_TLS_KEYSTORE} and {@code CLUSTER_TLS_KEYSTORE_PASSWORD}: a PKCS#12 keystore that
 *       every member shares. Set, the event bus between members runs over TLS and both ends of every
 *       connection must present that keystore's certificate: a process without it can join Hazelcast
 *       but can neither send to nor receive from a member's event bus.</li>
 * </ul>
 *
 * @param tls the shared keystore, as key and as trust; null for a plain-text event bus
 */
public record ClusterMode(boolean enabled, String host, int port, String configFile, PfxOptions tls) {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterMode.class);

  /** Cluster mode with a plain-text event bus. */
  public ClusterMode(boolean enabled, String host, int port, String configFile) {
    this(enabled, host, port, configFile, null);
  }

  public static ClusterMode fromEnvironment(Map<String, String> env) {
    String enabled = env.getOrDefault("CLUSTER", "").trim().toLowerCase();
    String host = env.getOrDefault("CLUSTER_HOST", "").trim();
    String configFile = env.getOrDefault("CLUSTER_CONFIG", "").trim();
    return new ClusterMode(
        switch (enabled) {
          case "true", "1", "yes" -> true;
          case "false", "0", "no", "" -> false;
          default -> throw new IllegalArgumentException("configuration CLUSTER must be true or false");
        },
        host.isEmpty() ? "127.0.0.1" : host,
        port(env.getOrDefault("CLUSTER_PORT", "").trim()),
        configFile.isEmpty() ? null : configFile,
        ClusterTls.keystore(env.getOrDefault("CLUSTER_TLS_KEYSTORE", "").trim(),
            env.getOrDefault("CLUSTER_TLS_KEYSTORE_PASSWORD", "")));
  }

  private static int port(String value) {
    if (value.isEmpty()) {
      return 0;
    }
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below with the valid range
    }
    throw new IllegalArgumentException("configuration CLUSTER_PORT must be a whole number between 0 and 65535");
  }

  /** A Vert.x alone when cluster mode is off, else one that has joined the configured cluster; both with metrics. */
  public Future<Vertx> start() {
    if (!enabled) {
      return Future.succeededFuture(Vertx.builder().with(ServiceMetrics.vertxOptions()).build());
    }
    try {
      return join(new HazelcastClusterManager(hazelcastConfig()));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Joins the cluster that {@code manager} describes, with this node's event-bus address. */
  public Future<Vertx> join(HazelcastClusterManager manager) {
    EventBusOptions bus = new EventBusOptions().setHost(host).setPort(port);
    if (tls != null) {
      // One keystore is both the identity and the only trusted one: members prove they hold it, both ways.
      // Not trustAll, the event bus's default: a member checks the other's certificate too.
      bus.setSsl(true).setKeyCertOptions(tls).setTrustOptions(tls).setTrustAll(false).setClientAuth(ClientAuth.REQUIRED);
    }
    VertxOptions options = ServiceMetrics.vertxOptions().setEventBusOptions(bus);
    return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
        .onSuccess(vertx -> LOG.info("Joined cluster {} as node {} ({} members); event bus at {}:{}{}",
            manager.getConfig().getClusterName(), manager.getNodeId(), manager.getNodes().size(),
            manager.getNodeInfo().host(), manager.getNodeInfo().port(), tls == null ? "" : " over TLS"));
  }

  private Config hazelcastConfig() {
    if (configFile != null) {
      try {
        LOG.info("Hazelcast configuration from {} (CLUSTER_CONFIG)", configFile);
        return Config.loadFromFile(new File(configFile));
      } catch (FileNotFoundException e) {
        throw new IllegalArgumentException("configuration CLUSTER_CONFIG names no readable file: " + configFile, e);
      }
    }
    Config config = ConfigUtil.loadConfig();
    if (config == null) {
      throw new IllegalStateException("no readable Hazelcast configuration (-Dvertx.hazelcast.config or cluster.xml)");
    }
    return config;
  }
}
