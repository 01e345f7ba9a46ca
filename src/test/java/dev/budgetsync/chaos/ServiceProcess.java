package dev.budgetsync.chaos;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The service as a real operating-system process (the same main class as the jar), so it can be
 * killed with SIGKILL or stopped with SIGTERM like a container.
 */
final class ServiceProcess {
  private final Map<String, String> env;
  private final Path log;
  private final int port;
  private Process process;

  ServiceProcess(Map<String, String> env, int port, Path log) {
    this.env = env;
    this.port = port;
    this.log = log;
  }

  /** Starts it and waits until /health/ready answers 200. */
  void start() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        "dev.budgetsync.Main")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .directory(new File("."));
    builder.environment().putAll(env);
    process = builder.start();
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

  /** SIGKILL: no shutdown hook, no drain, as a crash or an OOM kill. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM: the shutdown hook drains HTTP, then billing, then closes. Returns the exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    process.waitFor();
    return process.exitValue();
  }
}
