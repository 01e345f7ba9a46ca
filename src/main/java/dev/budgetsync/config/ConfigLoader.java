package dev.budgetsync.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Reads {@code conf/config.json}, then the environment over it, then the given overrides (a
 * deployment's own config, as tests pass it). Stores are listed in that order on purpose: the
 * retriever's default order lets the file win over the environment.
 */
public final class ConfigLoader {
  private static final String CONFIG_FILE = "conf/config.json";

  private ConfigLoader() {
  }

  public static Future<AppConfig> load(Vertx vertx, JsonObject overrides) {
    String named = System.getenv("CONFIG_FILE");
    String path = named == null ? CONFIG_FILE : named;
    return vertx.fileSystem().exists(path).compose(exists -> {
      if (!exists && named != null) {
        return Future.failedFuture(new IllegalArgumentException(
            "configuration file " + path + " (CONFIG_FILE) does not exist"));
      }
      return exists ? vertx.fileSystem().readFile(path).compose(read -> parsed(path, read))
          : Future.succeededFuture(new JsonObject());
    }).compose(file -> read(vertx, file, overrides));
  }

  /**
   * Read here rather than by the retriever's file store, which reads a broken file as empty and so
   * silently turns every setting in it back to its default: a file that is there must be one JSON
   * object. Its content is never echoed: it holds secrets.
   */
  private static Future<JsonObject> parsed(String path, Buffer content) {
    try {
      return Future.succeededFuture(new JsonObject(content));
    } catch (DecodeException | ClassCastException notAnObject) {
      String where = notAnObject.getCause() instanceof JsonProcessingException parse && parse.getLocation() != null
          ? " (line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr() + ")"
          : "";
      return Future.failedFuture(new IllegalArgumentException(
          "configuration file " + path + " is not a JSON object" + where + "; nothing of it was used"));
    }
  }

  private static Future<AppConfig> read(Vertx vertx, JsonObject fromFile, JsonObject overrides) {
    ConfigStoreOptions file = new ConfigStoreOptions().setType("json").setConfig(fromFile);
    // raw-data keeps values such as secrets or "0012" exactly as written.
    ConfigStoreOptions env = new ConfigStoreOptions()
        .setType("env").setConfig(new JsonObject().put("raw-data", true));
    ConfigStoreOptions given = new ConfigStoreOptions().setType("json").setConfig(overrides);
    ConfigRetriever retriever = ConfigRetriever.create(vertx,
        new ConfigRetrieverOptions().setScanPeriod(0).addStore(file).addStore(env).addStore(given));
    return retriever.getConfig()
        .andThen(done -> retriever.close())
        .map(AppConfig::from);
  }
}
