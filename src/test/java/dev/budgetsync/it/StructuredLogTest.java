package dev.budgetsync.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.budgetsync.support.Events;
import dev.budgetsync.support.Readiness;
import dev.budgetsync.support.StripeSigning;
import dev.budgetsync.support.TestApp;
import dev.budgetsync.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Log lines about Stripe events carry the event id, account and outcome: as fields of a JSON line
 * with {@code LOG_FORMAT=json} (the real main class and logback.xml, in a process of its own), and
 * as readable {@code key=value} pairs in the default text format.
 */
@ExtendWith(VertxExtension.class)
class StructuredLogTest {

  @Test
  void withLogFormatJsonEveryLineIsJsonAndEventLinesHaveTheirFields(@TempDir Path dir) throws Exception {
    int port = freePort();
    String schema = TestDatabase.newSchemaName();
    Path stdout = dir.resolve("stdout.log");
    Process service = start(Map.of("LOG_FORMAT", "json", "HTTP_PORT", Integer.toString(port),
        "DATABASE_URL", TestDatabase.url(), "DATABASE_SCHEMA", schema, "STRIPE_WEBHOOK_SECRET", TestApp.SECRET,
        "ADMIN_TOKEN", TestApp.TOKEN, "STRIPE_LIVEMODE", "false"), stdout);
    String account = Events.newId("acct");
    JsonObject event = Events.wrap("checkout.session.completed", Events.paidSession(2500, "usd", account));
    try {
      Readiness.await(service, port, stdout);
      assertThat(post(port, event)).contains("\"outcome\":\"credited\"");
      assertThat(post(port, event)).contains("\"outcome\":\"duplicate\"");
    } finally {
      service.destroy();
      assertThat(service.waitFor(30, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
      TestDatabase.dropSchema(schema);
    }

    List<JsonObject> lines = new ArrayList<>();
    for (String line : Files.readAllLines(stdout)) {
      try {
        lines.add(new JsonObject(line));
      } catch (DecodeException e) {
        fail("not a JSON line: " + line);
      }
    }
    assertThat(lines).hasSizeGreaterThanOrEqualTo(4).allSatisfy(line ->
        assertThat(line.fieldNames()).contains("@timestamp", "level", "logger_name", "message"));
    List<JsonObject> eventLines = lines.stream()
        .filter(line -> event.getString("id").equals(line.getString("event_id"))).toList();
    assertThat(eventLines).extracting(line -> line.getString("outcome")).containsExactly("credited", "duplicate");
    assertThat(eventLines).allSatisfy(line -> {
      assertThat(line.getString("account")).isEqualTo(account);
      assertThat(line.getString("event_type")).isEqualTo("checkout.session.completed");
      assertThat(line.getString("level")).isEqualTo("INFO");
    });
  }

  @Test
  void anUnknownLogFormatStopsTheStartInsteadOfLoggingNothing(@TempDir Path dir) throws Exception {
    Path output = dir.resolve("output.log");
    Process service = start(Map.of("LOG_FORMAT", "xml", "HTTP_PORT", Integer.toString(freePort())), output);

    assertThat(service.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
    assertThat(service.exitValue()).isEqualTo(1);
    assertThat(Files.readString(output)).contains("configuration LOG_FORMAT must be text or json");
  }

  @Test
  void inTheTextFormatEventLinesReadAsKeyValuePairs(Vertx vertx) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger billing = context.getLogger("dev.budgetsync.billing.WebhookIntake");
    ListAppender<ILoggingEvent> capture = new ListAppender<>();
    capture.setContext(context);
    capture.start();
    billing.addAppender(capture);
    TestApp app = TestApp.start(vertx);
    String account = Events.newId("acct");
    JsonObject event = Events.wrap("checkout.session.completed", Events.paidSession(300, "usd", account));
    try {
      assertThat(app.postEvent(event).statusCode()).isEqualTo(200);
    } finally {
      app.stop();
      billing.detachAppender(capture);
    }

    assertThat(capture.list).extracting(ILoggingEvent::getFormattedMessage)
        .contains("Stripe event event_id=" + event.getString("id") + " event_type=checkout.session.completed: "
            + "outcome=credited account=" + account + " amount=3.00 USD");
  }

  /** The main class of the jar, in a process of its own, its output (stdout and stderr) into {@code output}. */
  private static Process start(Map<String, String> env, Path output) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        "dev.budgetsync.Main")
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .directory(new File("."));
    builder.environment().putAll(env);
    return builder.start();
  }

  private static String post(int port, JsonObject event) throws Exception {
    String payload = event.encode();
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/api/webhooks/stripe"))
        .header("Content-Type", "application/json")
        .header("Stripe-Signature", StripeSigning.header(TestApp.SECRET, payload))
        .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
