package dev.budgetsync.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.budgetsync.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** What an orchestrator sees of the service: the management port, and a shutdown that says what it drained. */
@ExtendWith(VertxExtension.class)
class OperationsTest {

  private static final class Capture extends AppenderBase<ILoggingEvent> {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
      lines.add(event.getFormattedMessage());
    }
  }

  @Test
  void theManagementPortServesMetricsAndHealthWithoutATokenAndNothingElse(Vertx vertx) throws IOException {
    int managementPort = freePort();
    TestApp app = TestApp.start(vertx, new JsonObject().put("MANAGEMENT_PORT", managementPort));
    WebClient management = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(managementPort));
    try {
      HttpResponse<Buffer> metrics = management.get("/metrics").send().await();
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.bodyAsString()).contains("# TYPE budget_sync_signature_failures_total counter");
      assertThat(management.get("/health/live").send().await().bodyAsJsonObject().getString("status")).isEqualTo("UP");
      assertThat(management.get("/health/ready").send().await().bodyAsJsonObject().getString("status")).isEqualTo("UP");
      assertThat(management.head("/metrics").send().await().statusCode()).isEqualTo(200);
      assertThat(management.get("/metrics?x=1").send().await().statusCode()).isEqualTo(400);
      for (String elsewhere : List.of("/api/budget", "/", "/openapi.yaml")) {
        HttpResponse<Buffer> answer = management.get(elsewhere).bearerTokenAuthentication(TestApp.TOKEN).send().await();
        assertThat(answer.statusCode()).as(elsewhere).isEqualTo(404);
        assertThat(answer.bodyAsJsonObject().getJsonObject("error").getString("type")).isEqualTo("not_found");
      }
      // The main port keeps its metrics behind the token.
      assertThat(app.client().get("/metrics").send().await().statusCode()).isEqualTo(401);
    } finally {
      management.close();
      app.stop();
    }
    assertThat(portFree(managementPort)).as("the management port closes with the service").isTrue();
  }

  @Test
  void shutdownSaysStoppingAndHowManyOpenRequestsItDrained(Vertx vertx) {
    Capture capture = new Capture();
    Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    capture.setContext(root.getLoggerContext());
    capture.start();
    root.addAppender(capture);
    TestApp app = TestApp.start(vertx);
    HttpClient client = vertx.createHttpClient();
    try {
      // A live stream is a request that stays open until the server drains it.
      HttpClientResponse stream = client.request(new RequestOptions().setMethod(HttpMethod.GET)
              .setHost("127.0.0.1").setPort(app.port()).setURI("/api/budget/stream")
              .putHeader("Accept", "text/event-stream").putHeader("Authorization", "Bearer " + TestApp.TOKEN))
          .compose(request -> request.send()).await();
      assertThat(stream.statusCode()).isEqualTo(200);

      app.pause();

      assertThat(capture.lines).contains("stopping: no new requests; draining 1 open request(s)",
          "stopped, drained 1 requests");
      assertThat(capture.lines.indexOf("stopping: no new requests; draining 1 open request(s)"))
          .isLessThan(capture.lines.indexOf("stopped, drained 1 requests"));
      app.resume();
    } finally {
      client.close();
      app.stop();
      root.detachAppender(capture);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean portFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
