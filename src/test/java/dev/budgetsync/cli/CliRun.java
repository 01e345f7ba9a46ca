package dev.budgetsync.cli;

import dev.budgetsync.config.AppConfig;
import io.vertx.core.Vertx;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the command line, in this JVM, with a given configuration: its exit code and what it printed. */
record CliRun(int exit, String out, String err) {

  static CliRun run(Vertx vertx, AppConfig config, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Cli cli = new Cli(vertx, v -> config, () -> {
      throw new AssertionError("serve is not run by tests of the command line");
    });
    int exit = cli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /** Both streams, for assertion messages and for commands that print a result to either. */
  String all() {
    return out + err;
  }
}
