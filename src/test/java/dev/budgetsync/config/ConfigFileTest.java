package dev.budgetsync.config;

import dev.budgetsync.chaos.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A configuration file that was asked for but cannot be used stops the real start, naming the file,
 * and never prints what it holds. Found by attacking the running jar (round 2, finding 10): one
 * trailing comma silently turned every setting of the file back into its default.
 */
class ConfigFileTest {

  @Test
  void aFileThatIsNotJsonStopsTheStartNamingTheFileAndWhere(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{\n  \"BUDGET_CURRENCY\": \"eur\",\n  \"ADMIN_TOKEN\": \"secret-admin-token-1234\",\n}\n");

    String output = refused(Map.of("CONFIG_FILE", file.toString()), dir.resolve("invalid.log"));

    assertThat(output).contains("budget-sync could not start: configuration file " + file + " is not a JSON object",
        "line 4").doesNotContain("secret-admin-token-1234");
  }

  @Test
  void aConfigFileThatDoesNotExistStopsTheStart(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("no-such-file.json");

    assertThat(refused(Map.of("CONFIG_FILE", missing.toString()), dir.resolve("missing.log")))
        .contains("budget-sync could not start: configuration file " + missing + " (CONFIG_FILE) does not exist");
  }

  private static String refused(Map<String, String> env, Path log) throws Exception {
    int exit = new ServiceProcess(env, 0, log, List.of("-Xmx128m")).startAndWaitForExit();
    String output = Files.readString(log);
    assertThat(exit).as(output).isEqualTo(1);
    assertThat(output).doesNotContain("listening on port");
    return output;
  }
}
