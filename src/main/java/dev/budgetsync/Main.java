package dev.budgetsync;

import dev.budgetsync.cli.Cli;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar budget-sync.jar} serves, alone or in a cluster ({@link ClusterMode});
 * {@code java -jar budget-sync.jar <command>} runs a CLI command ({@link Cli}), {@code serve} included.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    if (args.length == 0) {
      serve();
      return;
    }
    int exit = Cli.run(args, Main::serve);
    if (exit != Cli.SERVING) {
      System.exit(exit);
    }
  }

  private static void serve() {
    String logFormat = System.getenv("LOG_FORMAT");
    if (logFormat != null && !Set.of("text", "json").contains(logFormat)) {
      // logback.xml found no logback-<LOG_FORMAT>.xml, so no appender exists: say so where it can be seen.
      System.err.println("budget-sync could not start: configuration LOG_FORMAT must be text or json");
      System.exit(1);
    }
    ClusterMode cluster;
    try {
      cluster = ClusterMode.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      LOG.error("budget-sync could not start: {}", e.getMessage());
      System.exit(1);
      return;
    }
    cluster.start().onSuccess(Main::run).onFailure(error -> {
      LOG.error("budget-sync could not join the cluster: {}", error.getMessage(), error);
      System.exit(1);
    });
  }

  private static void run(Vertx vertx) {
    MainVerticle main = new MainVerticle();
    vertx.deployVerticle(main).onFailure(error -> {
      if (error instanceof IllegalArgumentException) {
        // A configuration refused by name: the sentence says it all, a stack trace would bury it.
        LOG.error("budget-sync could not start: {}", error.getMessage());
      } else {
        LOG.error("budget-sync could not start: {}", error.getMessage(), error);
      }
      vertx.close().onComplete(done -> System.exit(1));
    });
    // On SIGTERM: drain HTTP first, then billing, then close (which leaves the cluster, if any);
    // bounded so a stuck drain cannot hang the pod.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        main.drain().toCompletionStage().toCompletableFuture().get(25, TimeUnit.SECONDS);
        // Closed from this thread, not from a verticle's context, whose event loop close() ends.
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("shutdown did not finish cleanly: {}", e.toString());
      }
    }, "budget-sync-shutdown"));
  }
}
