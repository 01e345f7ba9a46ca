package dev.budgetsync.cli;

import dev.budgetsync.config.AppConfig;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code keys create|list|revoke} against the running service, with the admin token. */
@ExtendWith(VertxExtension.class)
class KeysCommandTest {
  private static TestApp app;
  private static Vertx vertx;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    app = TestApp.start(vertx);
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  private static CliRun keys(String... args) {
    return CliRun.run(vertx, AppConfig.from(app.config()), args);
  }

  private static int status(String key) {
    return app.client().get("/api/budget?account=acct_cli").bearerTokenAuthentication(key).send().await().statusCode();
  }

  @Test
  void createListAndRevoke() {
    CliRun created = keys("keys", "create", "--name", "agent-cli", "--scope", "spend", "--account", "acct_cli",
        "--enforce");
    assertThat(created.exit()).as(created.err()).isEqualTo(Cli.OK);
    List<String> lines = created.out().lines().toList();
    String id = lines.get(0).split(" ")[0];
    String secret = lines.get(1);
    assertThat(id).startsWith("key_");
    assertThat(secret).matches("bsk_[A-Za-z0-9_-]{43}");
    assertThat(created.err()).contains("never shows it again");
    assertThat(status(secret)).isEqualTo(200);

    CliRun listed = keys("keys", "list");
    assertThat(listed.exit()).as(listed.err()).isEqualTo(Cli.OK);
    assertThat(listed.out()).contains(id).contains("agent-cli").contains("acct_cli").doesNotContain(secret);

    CliRun revoked = keys("keys", "revoke", id);
    assertThat(revoked.exit()).as(revoked.err()).isEqualTo(Cli.OK);
    assertThat(revoked.out()).contains("revoked " + id);
    assertThat(status(secret)).isEqualTo(401);

    CliRun unknown = keys("keys", "revoke", "key_unknown");
    assertThat(unknown.exit()).isEqualTo(Cli.REFUSED);
    assertThat(unknown.err()).contains("404 not_found");
    CliRun noAccounts = keys("keys", "create", "--name", "x", "--scope", "read");
    assertThat(noAccounts.exit()).isEqualTo(Cli.REFUSED);
    assertThat(noAccounts.err()).contains("400 invalid_request");
  }
}
