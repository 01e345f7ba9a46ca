package dev.budgetsync.chaos;

import dev.budgetsync.support.Readiness;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
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
    Readiness.await(process, port, log);
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
