package dev.budgetsync.chaos;

import dev.budgetsync.support.Readiness;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as a real operating-system process (the same main class as the jar), so it can be
 * killed with SIGKILL or stopped with SIGTERM like a container.
 */
public final class ServiceProcess {
  private final Map<String, String> env;
  private final Path log;
  private final int port;
  private final List<String> jvmOptions;
  private Process process;

  ServiceProcess(Map<String, String> env, int port, Path log) {
    this(env, port, log, List.of("-Xmx256m"));
  }

  /** {@code jvmOptions} as a container's {@code JAVA_TOOL_OPTIONS} would give them, e.g. the k8s heap. */
  public ServiceProcess(Map<String, String> env, int port, Path log, List<String> jvmOptions) {
    this.env = env;
    this.port = port;
    this.log = log;
    this.jvmOptions = jvmOptions;
  }

  /** Starts it and waits until /health/ready answers 200. */
  public void start() throws IOException, InterruptedException {
    launch();
    Readiness.await(process, port, log);
  }

  /** Starts it and returns its exit code, for a start that must fail. */
  public int startAndWaitForExit() throws IOException, InterruptedException {
    launch();
    // A start that should have stopped but serves instead fails its test rather than hanging it.
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      return -1;
    }
    return process.exitValue();
  }

  private void launch() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.budgetsync.Main"));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .directory(new File("."));
    builder.environment().putAll(env);
    process = builder.start();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no drain, as a crash or an OOM kill. */
  public void kill() throws InterruptedException {
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
