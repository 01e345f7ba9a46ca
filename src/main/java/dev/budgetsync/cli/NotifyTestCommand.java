package dev.budgetsync.cli;

import dev.budgetsync.config.AppConfig;
import dev.budgetsync.config.NotifyDestination;
import dev.budgetsync.config.NotifySettings;
import dev.budgetsync.domain.Notifications;
import dev.budgetsync.notify.SignedPost;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * {@code notify test}: sends a signed {@code notification.test} to every destination of
 * {@code NOTIFY_URLS} directly, not through the outbox, and prints each answer. Exit codes: 0 every
 * destination answered 2xx, 1 one answered something else, 2 no destination is configured, 3 one
 * did not answer. Destinations are named by place and host: their URLs may hold secrets.
 */
@Command(name = "notify", description = "Notifications (NOTIFY_URLS, docs/notifications.md).")
final class NotifyTestCommand {
  @ParentCommand
  private Cli cli;
  @Spec
  private CommandSpec spec;

  @Command(name = "test", description = "Send a signed test notification to every destination and print each answer.")
  int test() {
    return run(cli.config(), cli.vertx(), spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  static int run(AppConfig config, Vertx vertx, PrintWriter out, PrintWriter err) {
    NotifySettings settings = config.notifications();
    if (!settings.enabled()) {
      err.println("NOTIFY_URLS is not set: there is no destination to test");
      return Cli.USAGE;
    }
    HttpClient client = vertx.createHttpClient();
    try {
      SignedPost post = new SignedPost(vertx, client, settings.secret(), settings.timeoutMs(), Clock.systemUTC());
      String body = Notifications.test().body();
      int exit = Cli.OK;
      for (NotifyDestination destination : settings.destinations()) {
        String name = destination.label() + (destination.slack() ? " (slack)" : "");
        long started = System.nanoTime();
        try {
          SignedPost.Answer answer = post.send(destination, body).await();
          long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
          out.println(name + ": " + answer.status() + " " + answer.message() + " in " + ms + " ms"
              + (answer.body().isBlank() ? "" : ": " + answer.body().strip().replaceAll("\\s+", " ")));
          if (!answer.delivered()) {
            exit = Math.max(exit, Cli.REFUSED);
          }
        } catch (Exception e) {
          out.println(name + ": " + SignedPost.noAnswer(destination, e));
          exit = Cli.UNREACHABLE;
        }
      }
      return exit;
    } finally {
      client.close();
    }
  }
}
