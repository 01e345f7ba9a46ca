package dev.budgetsync.attack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches a service process from outside while it is attacked: asks {@code /health/live} every
 * 100 ms (with a 1 s timeout) and reads its resident memory from
 * {@code /proc/<pid>/status}, keeping the slowest answer, every failure and the largest RSS.
 */
final class LiveProbe implements AutoCloseable {
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final URI live;
  private final long pid;
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long slowestMillis;
  private volatile long peakRssKib;
  private volatile int answered;

  LiveProbe(int port, long pid) {
    this.live = URI.create("http://127.0.0.1:" + port + "/health/live");
    this.pid = pid;
    this.thread = new Thread(this::run, "live-probe");
    thread.start();
  }

  private void run() {
    while (running) {
      peakRssKib = Math.max(peakRssKib, rssKib());
      long started = System.nanoTime();
      try {
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(live).timeout(Duration.ofSeconds(1)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
          failures.add("status " + response.statusCode());
        }
        answered++;
      } catch (IOException | RuntimeException e) {
        failures.add(e.toString());
      } catch (InterruptedException e) {
        return;
      }
      slowestMillis = Math.max(slowestMillis, (System.nanoTime() - started) / 1_000_000);
      peakRssKib = Math.max(peakRssKib, rssKib());
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** VmRSS of the process, in KiB. */
  long rssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long slowestMillis() {
    return slowestMillis;
  }

  long peakRssMib() {
    return peakRssKib / 1024;
  }

  int answered() {
    return answered;
  }

  List<String> failures() {
    return failures;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5000);
  }
}
