package dev.budgetsync;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryXmlConfig;
import com.hazelcast.config.JoinConfig;
import dev.budgetsync.support.Keystores;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cluster mode from the environment, and the Hazelcast configurations shipped for it. */
class ClusterModeTest {

  @Test
  void withoutClusterTheServiceStartsAloneAsBefore() {
    ClusterMode mode = ClusterMode.fromEnvironment(Map.of());

    assertThat(mode).isEqualTo(new ClusterMode(false, "127.0.0.1", 0, null));
    Vertx vertx = mode.start().await();
    try {
      assertThat(vertx.isClustered()).isFalse();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void clusterSettingsComeFromTheEnvironment() {
    ClusterMode mode = ClusterMode.fromEnvironment(Map.of("CLUSTER", "TRUE", "CLUSTER_HOST", "10.1.2.3",
        "CLUSTER_PORT", "5702", "CLUSTER_CONFIG", "/etc/budget-sync/hazelcast.xml"));

    assertThat(mode).isEqualTo(new ClusterMode(true, "10.1.2.3", 5702, "/etc/budget-sync/hazelcast.xml"));
    assertThat(ClusterMode.fromEnvironment(Map.of("CLUSTER", "no")).enabled()).isFalse();
  }

  @Test
  void invalidSettingsFailFastNamingTheVariable() {
    assertThatThrownBy(() -> ClusterMode.fromEnvironment(Map.of("CLUSTER", "on")))
        .hasMessage("configuration CLUSTER must be true or false");
    for (String port : List.of("70000", "-1", "57o2")) {
      assertThatThrownBy(() -> ClusterMode.fromEnvironment(Map.of("CLUSTER", "true", "CLUSTER_PORT", port)))
          .hasMessageStartingWith("configuration CLUSTER_PORT must be");
    }
  }

  @Test
  void theClusterKeystoreIsCheckedBeforeVertxStarts(@TempDir Path dir) throws Exception {
    String password = "keystore-password-0001";
    Path shared = Keystores.shared(dir, "shared", password);
    Path keyOnly = Keystores.keyOnly(dir, "key-only", password);

    assertThat(tls(shared, password).tls().getPath()).isEqualTo(shared.toString());
    assertThatThrownBy(() -> tls(keyOnly, password)).hasMessageStartingWith(
        "configuration CLUSTER_TLS_KEYSTORE must hold the members' private key and their certificate as a trusted");
    assertThatThrownBy(() -> tls(shared, "wrong-password")).hasMessage(
        "configuration CLUSTER_TLS_KEYSTORE is not a PKCS#12 keystore that CLUSTER_TLS_KEYSTORE_PASSWORD opens");
    assertThatThrownBy(() -> tls(dir.resolve("missing.p12"), password))
        .hasMessageStartingWith("configuration CLUSTER_TLS_KEYSTORE names no readable file");
    assertThatThrownBy(() -> tls(shared, "")).hasMessage(
        "configuration CLUSTER_TLS_KEYSTORE_PASSWORD is required with CLUSTER_TLS_KEYSTORE");
    assertThatThrownBy(() -> ClusterMode.fromEnvironment(Map.of("CLUSTER_TLS_KEYSTORE_PASSWORD", password)))
        .hasMessage("configuration CLUSTER_TLS_KEYSTORE_PASSWORD is set but CLUSTER_TLS_KEYSTORE is not");
    assertThat(ClusterMode.fromEnvironment(Map.of("CLUSTER", "true")).tls()).isNull();
  }

  private static ClusterMode tls(Path keystore, String password) {
    return ClusterMode.fromEnvironment(Map.of("CLUSTER", "true", "CLUSTER_TLS_KEYSTORE", keystore.toString(),
        "CLUSTER_TLS_KEYSTORE_PASSWORD", password));
  }

  @Test
  void aMissingHazelcastFileStopsTheStartBeforeAnyClusterIsJoined() {
    ClusterMode mode = ClusterMode.fromEnvironment(Map.of("CLUSTER", "true", "CLUSTER_CONFIG", "no/such/file.xml"));

    assertThatThrownBy(() -> mode.start().await())
        .hasMessage("configuration CLUSTER_CONFIG names no readable file: no/such/file.xml");
  }

  @Test
  void theJarsClusterXmlJoinsOverTcpOnLoopbackOnly() {
    Config config = ConfigUtil.loadConfig();

    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    assertVertxMaps(config);
  }

  @Test
  void theKubernetesConfigDiscoversPodsThroughTheHeadlessServiceByDns() throws IOException {
    Config config = new InMemoryXmlConfig(configMapValue(Path.of("k8s/hazelcast-configmap.yaml"), "hazelcast.xml"));

    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    // DNS mode: a service-dns and nothing that would make Hazelcast call the Kubernetes API.
    assertThat(join.getKubernetesConfig().getProperties()).containsOnlyKeys("service-dns");
    String service = join.getKubernetesConfig().getProperty("service-dns");
    String headless = Files.readString(Path.of("k8s/hazelcast-service.yaml"));
    assertThat(headless).contains("name: " + service, "clusterIP: None", "publishNotReadyAddresses: true",
        "port: " + config.getNetworkConfig().getPort());
    assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    String deployment = Files.readString(Path.of("k8s/deployment.yaml"));
    assertThat(deployment).contains("containerPort: " + config.getNetworkConfig().getPort(),
        "value: /etc/budget-sync/hazelcast.xml", "fieldPath: status.podIP");
    assertVertxMaps(config);
  }

  private static void assertVertxMaps(Config config) {
    assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
    assertThat(config.getMapConfigs()).containsKeys("__vertx.haInfo", "__vertx.nodeInfo");
  }

  /** A block value ({@code key: |}) of a ConfigMap's data, without its indentation. */
  private static String configMapValue(Path file, String key) throws IOException {
    List<String> lines = Files.readAllLines(file);
    int start = lines.indexOf("  " + key + ": |") + 1;
    assertThat(start).as("%s has %s", file, key).isPositive();
    return lines.subList(start, lines.size()).stream()
        .takeWhile(line -> line.isBlank() || line.startsWith("    "))
        .map(line -> line.isBlank() ? "" : line.substring(4))
        .collect(Collectors.joining("\n"));
  }
}
