package dev.budgetsync.cli;

import com.stripe.net.Webhook;
import dev.budgetsync.config.AppConfig;
import dev.budgetsync.support.Receiver;
import dev.budgetsync.support.Receiver.Reply;
import dev.budgetsync.support.Receiver.Request;
import dev.budgetsync.support.Trickler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code notify test}: a signed test notification to every destination, each answer printed. */
@ExtendWith(VertxExtension.class)
class NotifyTestCommandTest {
  private static final String SECRET = "nsec_cli_0123456789";

  private record Run(int exit, String out, String err) {
  }

  private static Run notifyTest(Vertx vertx, String urls) {
    AppConfig config = AppConfig.from(new JsonObject().put("NOTIFY_URLS", urls).put("NOTIFY_SECRET", SECRET)
        .put("NOTIFY_TIMEOUT_MS", 2000));
    CliRun run = CliRun.run(vertx, config, "notify", "test");
    return new Run(run.exit(), run.out(), run.err());
  }

  @Test
  void everyDestinationGetsASignedTestAndEachAnswerIsPrinted(Vertx vertx) throws Exception {
    Receiver ok = Receiver.answering(vertx, 200);
    Receiver slack = Receiver.answering(vertx, 200);
    Receiver broken = Receiver.start(vertx, 0, (request, attempt) -> Reply.of(503));
    try {
      Run run = notifyTest(vertx, ok.url("/hooks") + ",slack+" + slack.url("/services/T0/B0/SECRET") + ","
          + broken.url("/down"));

      assertThat(run.exit()).as(run.err()).isEqualTo(Cli.REFUSED);
      List<String> lines = run.out().lines().toList();
      assertThat(lines).hasSize(3);
      assertThat(lines.get(0)).matches("#1 127\\.0\\.0\\.1: 200 OK in \\d+ ms: answer 200");
      assertThat(lines.get(1)).matches("#2 127\\.0\\.0\\.1 \\(slack\\): 200 OK in \\d+ ms: answer 200");
      assertThat(lines.get(2)).matches("#3 127\\.0\\.0\\.1: 503 Service Unavailable in \\d+ ms: answer 503");
      assertThat(run.out()).doesNotContain("SECRET", "/hooks");
      Request test = ok.requests().get(0);
      Webhook.Signature.verifyHeader(test.body(), test.signature(), SECRET, 300);
      assertThat(test.json().getString("type")).isEqualTo("notification.test");
      assertThat(test.json().getString("id")).startsWith("ntf_");
      assertThat(slack.requests().get(0).json().getString("text")).startsWith("budget-sync: A test notification");
      assertThat(broken.requests()).hasSize(1);
    } finally {
      ok.close();
      slack.close();
      broken.close();
    }
  }

  @Test
  void allAnsweringTwoHundredIsExitZero(Vertx vertx) {
    Receiver ok = Receiver.answering(vertx, 204);
    try {
      assertThat(notifyTest(vertx, ok.url("/a")).exit()).isEqualTo(Cli.OK);
    } finally {
      ok.close();
    }
  }

  @Test
  void aDestinationThatDoesNotAnswerIsExitThree(Vertx vertx) throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }

    Run run = notifyTest(vertx, "http://127.0.0.1:" + closed + "/nobody");

    assertThat(run.exit()).isEqualTo(Cli.UNREACHABLE);
    assertThat(run.out()).startsWith("#1 127.0.0.1: no answer: ");
  }

  /** A breaker's case: a receiver trickling a byte every 100 ms kept {@code notify test} from ever ending. */
  @Test
  @Timeout(30)
  void aDestinationThatTricklesItsAnswerIsCutOffAtTheTimeoutAndIsExitThree(Vertx vertx) {
    Trickler trickler = Trickler.start(vertx, 100);
    try {
      Run run = notifyTest(vertx, trickler.url("/slow"));

      assertThat(run.exit()).isEqualTo(Cli.UNREACHABLE);
      assertThat(run.out()).isEqualTo("#1 127.0.0.1: no answer: no whole answer within 2000 ms%n".formatted());
    } finally {
      trickler.close();
    }
  }

  @Test
  void withoutDestinationsItSaysSoAndExitsTwo(Vertx vertx) {
    CliRun run = CliRun.run(vertx, AppConfig.from(new JsonObject()), "notify", "test");

    assertThat(run.exit()).isEqualTo(Cli.USAGE);
    assertThat(run.err()).contains("NOTIFY_URLS is not set");
  }
}
