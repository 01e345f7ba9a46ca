package dev.budgetsync.attack;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Kubernetes manifests expose (attacks 1 and 4 of issue 13): the cluster ports only to the
 * service's own pods, to the internet only the webhook, and a JVM that exits when out of memory.
 */
class KubernetesExposureTest {
  private static final Map<String, Object> OWN_PODS =
      Map.of("podSelector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", "budget-sync")));

  @Test
  @SuppressWarnings("unchecked")
  void theClusterPortsAdmitOnlyTheServicesOwnPods() throws IOException {
    Map<String, Object> policy = load("networkpolicy.yaml");
    Map<String, Object> spec = (Map<String, Object>) policy.get("spec");
    List<Map<String, Object>> rules = (List<Map<String, Object>>) spec.get("ingress");

    assertThat(policy.get("kind")).isEqualTo("NetworkPolicy");
    assertThat(spec.get("podSelector")).isEqualTo(OWN_PODS.get("podSelector"));
    assertThat(spec.get("policyTypes")).isEqualTo(List.of("Ingress"));
    for (Map<String, Object> rule : rules) {
      List<Object> ports = ((List<Map<String, Object>>) rule.get("ports")).stream().map(p -> p.get("port")).toList();
      if (ports.contains("hazelcast") || ports.contains("eventbus")) {
        assertThat(rule.get("from")).isEqualTo(List.of(OWN_PODS));
      } else {
        assertThat(ports).containsExactly("http", "management");
      }
    }
    assertThat(rules).anySatisfy(rule -> assertThat(rule.get("from")).isEqualTo(List.of(OWN_PODS)));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theIngressExposesOnlyTheWebhookOverHttps() throws IOException {
    Map<String, Object> ingress = load("ingress.yaml");
    Map<String, Object> spec = (Map<String, Object>) ingress.get("spec");
    List<Map<String, Object>> rules = (List<Map<String, Object>>) spec.get("rules");

    assertThat(ingress.get("kind")).isEqualTo("Ingress");
    assertThat(spec).containsKey("tls").doesNotContainKey("defaultBackend");
    assertThat(rules).allSatisfy(rule -> {
      List<Map<String, Object>> paths = (List<Map<String, Object>>) ((Map<String, Object>) rule.get("http")).get("paths");
      assertThat(paths).singleElement().satisfies(path -> {
        assertThat(path.get("path")).isEqualTo("/api/webhooks/stripe");
        assertThat(path.get("pathType")).isEqualTo("Exact");
      });
    });
  }

  @Test
  void theImageAndThePodsExitOnOutOfMemory() throws IOException {
    assertThat(Files.readString(Path.of("k8s", "deployment.yaml"))).contains("-XX:+ExitOnOutOfMemoryError");
    assertThat(Files.readString(Path.of("Dockerfile"))).contains("-XX:+ExitOnOutOfMemoryError");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load(String file) throws IOException {
    return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(Files.readString(Path.of("k8s", file)));
  }
}
