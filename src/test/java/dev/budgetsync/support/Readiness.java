package dev.budgetsync.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Waits for a service started as its own process (the real {@code Main}) to answer /health/ready. */
public final class Readiness {
  private Readiness() {
  }

  /** Returns once ready answers 200; fails if the process exits or 60 s pass. {@code log} holds its output. */
  public static void await(Process process, int port, Path log) throws InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/health/ready")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the service was not ready within 60 s; see " + log);
  }
}
