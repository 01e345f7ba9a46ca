package dev.budgetsync.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
    ConfigStoreOptions file = new ConfigStoreOptions()
        .setType("file").setFormat("json").setOptional(true)
        .setConfig(new JsonObject().put("path", System.getenv().getOrDefault("CONFIG_FILE", CONFIG_FILE)));
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
