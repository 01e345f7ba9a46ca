package dev.budgetsync.chaos;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.budgetsync.support.Events;
import dev.budgetsync.support.Receiver;
import dev.budgetsync.support.Receiver.Reply;
import dev.budgetsync.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notifications outlive crashes of the service. 250 events are stored {@code needs_review} while the
 * receiver is down, with a SIGKILL of the service halfway; the receiver comes up, and the service is
 * SIGKILLed again with requests in flight (the receiver holds their answers). Every notification still
 * arrives, correctly signed: none is lost, and those cut off mid-send come again (receivers dedupe by id).
 */
class NotificationCrashTest {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationCrashTest.class);
  private static final String SECRET = "whsec_notify_crash";
  private static final String NOTIFY_SECRET = "nsec_notify_crash_0123456789";
  private static final int EVENTS = 250;

  @Test
  void aReceiverDownWhileTheServiceIsKilledStillGetsEveryNotification(@TempDir Path dir) throws Exception {
    String schema = TestDatabase.newSchemaName();
    int port = freePort();
    int receiverPort = freePort();
    Map<String, String> env = Map.of("HTTP_PORT", String.valueOf(port), "DATABASE_URL", TestDatabase.url(),
        "DATABASE_SCHEMA", schema, "STRIPE_WEBHOOK_SECRET", SECRET, "ADMIN_TOKEN", "notify-crash-token",
        "NOTIFY_URLS", "http://127.0.0.1:" + receiverPort + "/hooks", "NOTIFY_SECRET", NOTIFY_SECRET,
        "NOTIFY_FIRST_RETRY_MS", "200", "NOTIFY_POLL_MS", "100", "NOTIFY_TIMEOUT_MS", "1000");
    List<String> payloads = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      payloads.add(Events.wrap("checkout.session.completed",
          Events.paidSession(100 + i, "eur", "crash-" + (i % 5))).encode());
    }
    ServiceProcess service = new ServiceProcess(env, port, dir.resolve("service.log"));
    Vertx vertx = Vertx.vertx();
    Set<String> received = ConcurrentHashMap.newKeySet();
    AtomicInteger requests = new AtomicInteger();
    AtomicInteger badSignatures = new AtomicInteger();
    try {
      service.start();
      Map<String, String> acknowledged = new ConcurrentHashMap<>();
      for (List<String> half : List.of(payloads.subList(0, EVENTS / 2), payloads.subList(EVENTS / 2, EVENTS))) {
        if (!acknowledged.isEmpty()) {
          service.kill();
          service.start();
        }
        StripeLikeSender sender = new StripeLikeSender(port, SECRET);
        assertThat(sender.deliverAll(half, 8, Duration.ofMinutes(2))).isTrue();
        acknowledged.putAll(sender.acknowledged);
      }
      assertThat(acknowledged).hasSize(EVENTS).containsValue("needs_review").doesNotContainValue("credited");

      Receiver receiver = Receiver.start(vertx, receiverPort, (request, attempt) -> {
        requests.incrementAndGet();
        try {
          Webhook.Signature.verifyHeader(request.body(), request.signature(), NOTIFY_SECRET, 300);
          received.add(request.json().getJsonObject("data").getString("event_id"));
          return Reply.of(200);
        } catch (SignatureVerificationException e) {
          badSignatures.incrementAndGet();
          return Reply.of(400);
        }
      });
      awaitReceived(received, EVENTS / 4);
      // Killed mid-send: the receiver has these requests but the service never hears its answers.
      receiver.hold();
      int before = receiver.requests().size();
      List<String> cutOff = receiver.await(all -> all.size() > before, Duration.ofSeconds(30))
          .subList(before, receiver.requests().size()).stream().map(r -> r.json().getString("id")).toList();
      service.kill();
      receiver.release();
      service.start();
      awaitReceived(received, EVENTS);

      Set<String> lost = new HashSet<>(acknowledged.keySet());
      lost.removeAll(received);
      assertThat(lost).isEmpty();
      assertThat(badSignatures.get()).isZero();
      assertThat(received).hasSize(EVENTS);
      receiver.await(all -> cutOff.stream().allMatch(id -> all.stream()
          .filter(r -> r.json().getString("id").equals(id)).count() >= 2), Duration.ofSeconds(30));
      LOG.info("{} notifications, 2 SIGKILLs: {} received, {} lost, {} requests ({} sent again, {} cut off mid-send), "
          + "{} bad signatures", EVENTS, received.size(), lost.size(), requests.get(), requests.get() - received.size(),
          cutOff.size(), badSignatures.get());
      service.terminate();
      receiver.close();
    } finally {
      vertx.close().await();
      TestDatabase.dropSchema(schema);
    }
  }

  private static void awaitReceived(Set<String> received, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (received.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(received.size()).as("notifications received").isGreaterThanOrEqualTo(count);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
