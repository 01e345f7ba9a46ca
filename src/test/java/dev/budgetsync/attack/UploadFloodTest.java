package dev.budgetsync.attack;

import dev.budgetsync.chaos.ServiceProcess;
import dev.budgetsync.support.Events;
import dev.budgetsync.support.Ports;
import dev.budgetsync.support.StripeSigning;
import dev.budgetsync.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack 1 of issue 13, against the real service in its own JVM with the heap Kubernetes gives it
 * ({@code -Xmx384m}, serial GC, exit on OOM): a thousand concurrent 1 MiB uploads to the webhook
 * with a well-formed, fresh but wrong signature, then a thousand with stale or malformed ones. Throughout and after, {@code /health/live} answers within a second, the
 * resident memory stays under the pod's 512 MiB limit, no OutOfMemoryError happens, and a real
 * event is still credited.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class UploadFloodTest {
  private static final Logger LOG = LoggerFactory.getLogger(UploadFloodTest.class);
  private static final String SECRET = "whsec_flood_test_secret";
  private static final String ZEROS = "0".repeat(64);
  private static final long MIB = 1024 * 1024;
  private static final long POD_LIMIT_MIB = 512;
  private static final int UPLOADS = 1000;

  private final String schema = TestDatabase.newSchemaName();
  private ServiceProcess service;

  @AfterEach
  void tearDown() throws InterruptedException {
    if (service != null) {
      service.kill();
    }
    TestDatabase.dropSchema(schema);
  }

  @Test
  void aThousandConcurrentMegabyteUploadsWithBadSignaturesLeaveTheServiceHealthy(@TempDir Path dir)
      throws Exception {
    int port = Ports.free();
    Path log = dir.resolve("service.log");
    service = new ServiceProcess(Map.of("HTTP_PORT", String.valueOf(port), "DATABASE_URL", TestDatabase.url(),
        "DATABASE_SCHEMA", schema, "STRIPE_WEBHOOK_SECRET", SECRET, "ADMIN_TOKEN", "flood-test-admin-token"),
        port, log, List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"));
    service.start();
    List<Map<String, Integer>> waves;
    long started = System.nanoTime();
    try (LiveProbe probe = new LiveProbe(port, service.pid())) {
      waves = attack(port, "t=" + StripeSigning.now() + ",v1=" + ZEROS,
          "t=1,v1=" + ZEROS + "|t=" + StripeSigning.now() + ",v1=not-hex");
      long attackMillis = (System.nanoTime() - started) / 1_000_000;
      // And after the attacker has left.
      Thread.sleep(2000);
      probe.close();
      LOG.info("2 x {} concurrent uploads of 1 MiB in {} ms: wrong signature {}, stale or malformed {};"
              + " /health/live answered {} times, slowest {} ms; peak RSS {} MiB", UPLOADS, attackMillis,
          waves.get(0), waves.get(1), probe.answered(),
          probe.slowestMillis(), probe.peakRssMib());

      assertThat(probe.failures()).isEmpty();
      assertThat(probe.answered()).isGreaterThan(5);
      assertThat(probe.slowestMillis()).isLessThan(1000);
      assertThat(probe.peakRssMib()).isLessThan(POD_LIMIT_MIB);
    }
    assertThat(service.isAlive()).isTrue();
    String output = Files.readString(log);
    assertThat(output).doesNotContain("OutOfMemoryError").doesNotContain("ERROR");
    // Every upload was refused: read and rejected (400), refused for lack of room (503), or its
    // connection closed before the attacker, still sending, read the answer.
    assertThat(waves.get(0).keySet()).isSubsetOf(Set.of("400", "503", "closed"));
    assertThat(waves.get(1).keySet()).isSubsetOf(Set.of("400", "closed"));
    assertThat(waves).allSatisfy(wave -> assertThat(wave.values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(UPLOADS));
    // The refusals were logged, a line a second at most.
    long warnings = output.lines().filter(line -> line.contains("invalid Stripe-Signature")).count();
    assertThat(warnings).isBetween(1L, 2L + (System.nanoTime() - started) / 1_000_000_000);

    String event = Events.wrap("checkout.session.completed", Events.paidSession(5000, "usd", "after-flood")).encode();
    HttpResponse<String> credited = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/api/webhooks/stripe"))
        .header("Content-Type", "application/json").header("Stripe-Signature", StripeSigning.header(SECRET, event))
        .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(credited.statusCode()).as(credited.body()).isEqualTo(200);
    assertThat(credited.body()).contains("\"outcome\":\"credited\"");
  }

  /**
   * Runs the attacker ({@link FloodMain}) in a process of its own at the lowest CPU priority, one wave
   * of {@link #UPLOADS} concurrent 1 MiB uploads per signature; the outcomes of each wave.
   */
  private static List<Map<String, Integer>> attack(int port, String... signatures) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of("nice", "-n", "19", java, "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), FloodMain.class.getName(), String.valueOf(port),
        String.valueOf(UPLOADS), String.valueOf(MIB)));
    command.addAll(List.of(signatures));
    Process attacker = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(attacker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(attacker.waitFor()).as(output).isZero();
    List<Map<String, Integer>> waves = new ArrayList<>();
    output.lines().filter(line -> line.startsWith("WAVE ")).forEach(line -> {
      Map<String, Integer> wave = new TreeMap<>();
      Matcher outcome = Pattern.compile("(\\w+)=(\\d+)").matcher(line);
      while (outcome.find()) {
        wave.put(outcome.group(1), Integer.parseInt(outcome.group(2)));
      }
      waves.add(wave);
    });
    assertThat(waves).as(output).hasSize(signatures.length);
    return waves;
  }
}
