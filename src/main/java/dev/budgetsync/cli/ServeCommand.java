package dev.budgetsync.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code serve}: the service itself, also what the jar does without a command. */
@Command(name = "serve", description = {
    "Start the service (the default without a command). Settings come from conf/config.json and the"
        + " environment; see README.md, Configuration.",
    "Stops on SIGTERM after draining its open requests."})
final class ServeCommand implements Callable<Integer> {
  @ParentCommand
  private Cli cli;

  @Override
  public Integer call() {
    cli.serve().run();
    return Cli.SERVING;
  }
}
