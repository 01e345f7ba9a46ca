package dev.budgetsync.cli;

import dev.budgetsync.config.AppConfig;
import dev.budgetsync.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.util.function.Function;

/**
 * The commands in the jar, in the style of the Stripe CLI. A new command is a small class and one
 * line in {@code subcommands} below; it reaches the configuration and Vert.x through
 * {@code @ParentCommand Cli cli}. The exit codes are listed in every command's help.
 */
@Command(name = "budget-sync", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
    versionProvider = Version.class, sortOptions = false, usageHelpAutoWidth = true,
    description = "Stripe webhooks to a prepaid monthly budget per account, in PostgreSQL. Without a command, serves.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:done",
        "1:the service refused, a verification found differences, or a running instance blocks a rebuild",
        "2:usage or configuration error",
        "3:the service or the database could not be reached"},
    subcommands = {
        ServeCommand.class,
        TriggerCommand.class,
        StatusCommand.class,
        ReplayCommand.class,
        ReconcileCommand.class,
        NotifyTestCommand.class,
        KeysCommand.class,
        HelpCommand.class})
public final class Cli {
  public static final int OK = 0;
  public static final int REFUSED = 1;
  public static final int USAGE = 2;
  public static final int UNREACHABLE = 3;
  /** Returned by {@code serve}: the service runs on, and the process must not exit. */
  public static final int SERVING = -1;

  private final Vertx givenVertx;
  private final Function<Vertx, AppConfig> configLoader;
  private final Runnable serve;
  private Vertx vertx;
  private AppConfig config;

  /**
   * @param vertx  the Vert.x commands use; null to make one when a command needs it (closed after)
   * @param config the configuration, loaded on first use
   * @param serve  what {@code serve} runs
   */
  Cli(Vertx vertx, Function<Vertx, AppConfig> config, Runnable serve) {
    this.givenVertx = vertx;
    this.configLoader = config;
    this.serve = serve;
  }

  /** Runs a command with conf/config.json and the environment; returns its exit code, or {@link #SERVING}. */
  public static int run(String[] args, Runnable serve) {
    Cli cli = new Cli(null, vertx -> ConfigLoader.load(vertx, new JsonObject()).await(), serve);
    CommandLine line = cli.commandLine();
    try {
      return line.execute(args);
    } finally {
      // Picocli's writers flush on println only; a table printed whole must still reach the terminal.
      line.getOut().flush();
      line.getErr().flush();
      cli.close();
    }
  }

  /** The command line of this context: parse errors exit 2, a bad configuration 2, an unreachable service 3. */
  CommandLine commandLine() {
    CommandLine line = new CommandLine(this);
    // Picocli's own completion script generator, listed (it hides itself by default).
    line.addSubcommand(new AutoComplete.GenerateCompletion());
    line.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
    line.setExecutionExceptionHandler((error, failed, parsed) -> {
      PrintWriter err = failed.getErr();
      if (error instanceof IllegalArgumentException) {
        err.println(error.getMessage());
        return USAGE;
      }
      err.println(failed.getCommandName() + " failed: " + error.getMessage());
      return UNREACHABLE;
    });
    return line;
  }

  Vertx vertx() {
    if (vertx == null) {
      vertx = givenVertx != null ? givenVertx : Vertx.vertx();
    }
    return vertx;
  }

  /** The configuration; an invalid one throws IllegalArgumentException naming the key (exit 2). */
  AppConfig config() {
    if (config == null) {
      config = configLoader.apply(vertx());
    }
    return config;
  }

  Runnable serve() {
    return serve;
  }

  private void close() {
    if (vertx != null && givenVertx == null) {
      vertx.close().await();
    }
  }
}
