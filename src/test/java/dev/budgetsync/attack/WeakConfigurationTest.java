package dev.budgetsync.attack;

import dev.budgetsync.chaos.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack 7 of issue 13 against the real start: the service run with the values k8s/secret.yaml ships
 * exits with code 1 and a line naming the key, and so does {@code ADMIN_TOKEN=a}.
 */
class WeakConfigurationTest {

  @Test
  void theShippedKubernetesSecretPlaceholdersStopTheStart(@TempDir Path dir) throws Exception {
    Map<String, String> env = new HashMap<>(shippedSecret());
    assertThat(env).containsKeys("ADMIN_TOKEN", "STRIPE_WEBHOOK_SECRET", "DATABASE_URL");
    assertRefused(env, dir.resolve("placeholders.log"), "ADMIN_TOKEN");

    env.put("ADMIN_TOKEN", "a-real-token-from-a-secret-store");
    assertRefused(env, dir.resolve("webhook.log"), "STRIPE_WEBHOOK_SECRET");

    env.put("STRIPE_WEBHOOK_SECRET", "whsec_from_the_stripe_dashboard");
    assertRefused(env, dir.resolve("database.log"), "DATABASE_URL");
  }

  @Test
  void aOneLetterAdminTokenStopsTheStart(@TempDir Path dir) throws Exception {
    assertRefused(Map.of("ADMIN_TOKEN", "a"), dir.resolve("short.log"), "ADMIN_TOKEN");
  }

  private static void assertRefused(Map<String, String> env, Path log, String key) throws Exception {
    int exit = new ServiceProcess(env, 0, log, List.of("-Xmx128m")).startAndWaitForExit();
    String output = Files.readString(log);

    assertThat(exit).as(output).isEqualTo(1);
    assertThat(output).contains("budget-sync could not start: configuration " + key + " ")
        .doesNotContain("listening on port");
  }

  /** The {@code stringData} of k8s/secret.yaml, as Kubernetes would put it in the environment. */
  private static Map<String, String> shippedSecret() throws Exception {
    Map<String, String> values = new HashMap<>();
    Matcher entry = Pattern.compile("(?m)^  ([A-Z_]+): \"([^\"]*)\"$").matcher(Files.readString(Path.of("k8s/secret.yaml")));
    while (entry.find()) {
      values.put(entry.group(1), entry.group(2));
    }
    return values;
  }
}
