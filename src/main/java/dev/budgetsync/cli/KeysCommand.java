package dev.budgetsync.cli;

import dev.budgetsync.config.AppConfig;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;

/**
 * {@code keys create|list|revoke}: the API keys of the running service, through its admin routes
 * ({@code /api/keys}) with {@code ADMIN_TOKEN}. {@code create} prints the secret, which the service
 * shows this once.
 */
@Command(name = "keys", sortOptions = false, description = "Create, list or revoke the running service's API keys (with ADMIN_TOKEN).",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand {
  @ParentCommand
  private Cli cli;
  @Option(names = "--url", paramLabel = "URL", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "The service (default: http://127.0.0.1:HTTP_PORT).")
  private String url;

  @Command(name = "create", description = "Create a key and print its secret bsk_... (shown this once).")
  static final class Create implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    private KeysCommand keys;
    @Spec
    private CommandSpec spec;
    @Option(names = "--name", required = true, description = "What the key is for, e.g. the agent's name.")
    private String name;
    @Option(names = "--scope", required = true, description = "read, spend or admin.")
    private String scope;
    @Option(names = "--account", paramLabel = "ID", description = "An account the key may act on (repeat for more; "
        + "required for read and spend).")
    private List<String> accounts;
    @Option(names = "--enforce", description = "Refuse this key's spend that does not fit in what remains (402).")
    private boolean enforce;

    @Override
    public Integer call() {
      JsonObject body = new JsonObject().put("name", name).put("scope", scope).put("enforce", enforce);
      if (accounts != null) {
        body.put("accounts", new JsonArray(accounts));
      }
      return keys.run(spec, "POST", "/api/keys", body, created -> {
        PrintWriter out = spec.commandLine().getOut();
        out.println(created.getString("id") + "  " + created.getString("scope") + "  "
            + String.join(",", created.getJsonArray("accounts").stream().map(String.class::cast).toList()));
        out.println(created.getString("key"));
        spec.commandLine().getErr().println("Keep the key above now: the service stores only its hash and never shows it"
            + " again.");
      });
    }
  }

  @Command(name = "list", description = "List the keys, newest first, without secrets.")
  static final class ListKeys implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    private KeysCommand keys;
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
      return keys.run(spec, "GET", "/api/keys", null, page -> {
        PrintWriter out = spec.commandLine().getOut();
        out.println("ID  NAME  SCOPE  ACCOUNTS  ENFORCE  CREATED  LAST_USED  REVOKED");
        for (Object item : page.getJsonArray("data")) {
          JsonObject key = (JsonObject) item;
          StringJoiner line = new StringJoiner("  ");
          line.add(key.getString("id")).add(key.getString("name")).add(key.getString("scope"))
              .add(key.getJsonArray("accounts").isEmpty() ? "*"
                  : String.join(",", key.getJsonArray("accounts").stream().map(String.class::cast).toList()))
              .add(String.valueOf(key.getBoolean("enforce"))).add(time(key.getLong("created")))
              .add(time(key.getLong("last_used"))).add(time(key.getLong("revoked")));
          out.println(line);
        }
      });
    }
  }

  @Command(name = "revoke", description = "Revoke a key: every instance refuses it within a second.")
  static final class Revoke implements java.util.concurrent.Callable<Integer> {
    @ParentCommand
    private KeysCommand keys;
    @Spec
    private CommandSpec spec;
    @Parameters(paramLabel = "KEY_ID", description = "The key's id, key_...")
    private String id;

    @Override
    public Integer call() {
      if (!id.matches("key_[A-Za-z0-9]{1,64}")) {
        spec.commandLine().getErr().println("KEY_ID must be a key id key_...");
        return Cli.USAGE;
      }
      return keys.run(spec, "DELETE", "/api/keys/" + id, null,
          revoked -> spec.commandLine().getOut().println("revoked " + revoked.getString("id")));
    }
  }

  private static String time(Long seconds) {
    return seconds == null ? "-" : Instant.ofEpochSecond(seconds).toString();
  }

  /** Sends the request with ADMIN_TOKEN and hands a 2xx answer's JSON to {@code done}; else says why. */
  private int run(CommandSpec spec, String method, String path, JsonObject body,
                  java.util.function.Consumer<JsonObject> done) {
    AppConfig config = cli.config();
    PrintWriter err = spec.commandLine().getErr();
    if (config.adminTokenGenerated()) {
      err.println("ADMIN_TOKEN is not set: keys needs the token the running service was started with");
      return Cli.USAGE;
    }
    String base = (url != null ? url : "http://127.0.0.1:" + config.httpPort()).replaceAll("/+$", "");
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
          .header("Accept", "application/json").header("Authorization", "Bearer " + config.adminToken());
      request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
          : request.header("Content-Type", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
      HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
          .send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonObject answer = new JsonObject(response.body());
      if (response.statusCode() / 100 != 2) {
        JsonObject error = answer.getJsonObject("error", new JsonObject());
        err.println("the service refused: HTTP " + response.statusCode() + " " + error.getString("type", "") + ": "
            + error.getString("message", ""));
        return Cli.REFUSED;
      }
      done.accept(answer);
      return Cli.OK;
    } catch (DecodeException | ClassCastException e) {
      err.println("the service answered without JSON at " + path);
      return Cli.REFUSED;
    } catch (IOException | IllegalArgumentException e) {
      err.println("could not reach " + base + ": " + e);
      return Cli.UNREACHABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Cli.UNREACHABLE;
    }
  }
}
