package dev.budgetsync.cli;

import dev.budgetsync.support.Events;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The jar's entry point as a terminal runs it: its own process, its exit code, everything it printed. */
@ExtendWith(VertxExtension.class)
class MainProcessTest {

  private record Ran(int exit, String out) {
  }

  private static Ran main(Map<String, String> env, String... args) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-cp",
        System.getProperty("java.class.path"), "dev.budgetsync.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Ran(process.exitValue(), out);
  }

  @Test
  void statusPrintsItsWholeTableAndExitsWithTheDocumentedCodes(Vertx vertx) throws Exception {
    TestApp app = TestApp.start(vertx);
    try {
      String account = Events.newId("acct");
      app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", 4200), null);
      Map<String, String> env = Map.of("ADMIN_TOKEN", TestApp.TOKEN, "HTTP_PORT", String.valueOf(app.port()));

      Ran status = main(env, "status", "--account", account);
      Ran refused = main(Map.of("ADMIN_TOKEN", "not-the-token-0123", "HTTP_PORT", String.valueOf(app.port())),
          "status");
      Ran usage = main(env, "status", "--colour");
      Ran version = main(env, "--version");

      assertThat(status.exit()).as(status.out()).isEqualTo(Cli.OK);
      assertThat(status.out()).contains("ACCOUNT").contains(account).contains("$42.00");
      assertThat(refused.exit()).isEqualTo(Cli.REFUSED);
      assertThat(usage.exit()).isEqualTo(Cli.USAGE);
      assertThat(usage.out()).contains("Unknown option: '--colour'");
      assertThat(version.exit()).isEqualTo(Cli.OK);
      assertThat(version.out()).startsWith("budget-sync 0.");
    } finally {
      app.stop();
    }
  }
}
