package dev.budgetsync.billing;

import dev.budgetsync.bus.Addresses;
import dev.budgetsync.bus.KeyRequests;
import dev.budgetsync.bus.ServiceError;
import dev.budgetsync.bus.ErrorType;
import dev.budgetsync.domain.ApiKey;
import dev.budgetsync.domain.KeySecrets;
import dev.budgetsync.store.ApiKeys;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys: made with a fresh 256-bit secret that only the creation's answer shows (the database
 * keeps its hash), listed without secrets, revoked with a message to every instance's
 * {@link Access}, and looked up by hash for those caches.
 */
final class KeyService {
  private static final Logger LOG = LoggerFactory.getLogger(KeyService.class);
  private final EventBus bus;
  private final ApiKeys keys;

  KeyService(EventBus bus, ApiKeys keys) {
    this.bus = bus;
    this.keys = keys;
  }

  Future<JsonObject> create(KeyRequests.CreateKey request) {
    String secret = KeySecrets.newSecret();
    return keys.create(KeySecrets.newId(), request.name(), KeySecrets.hash(secret), request.scope(),
        request.accounts(), request.enforce()).map(key -> {
          LOG.info("API key {} created: scope={} accounts={} enforce={}", key.id(), key.scope().wire(),
              key.accounts(), key.enforce());
          return key.toJson().put("key", secret);
        });
  }

  Future<JsonObject> list(KeyRequests.ListKeys request) {
    return keys.list().map(list -> new JsonObject().put("object", "list")
        .put("data", new JsonArray(list.stream().limit(ApiKeys.MAX_LISTED).map(ApiKey::toJson).toList()))
        .put("has_more", list.size() > ApiKeys.MAX_LISTED));
  }

  Future<JsonObject> revoke(KeyRequests.RevokeKey request) {
    return keys.revoke(request.id()).map(key -> {
      if (key == null) {
        throw new ServiceError(ErrorType.NOT_FOUND, "no API key has this id");
      }
      // After the commit: a cache that reloads the key from now on finds it revoked.
      bus.publish(Addresses.KEYS_REVOKED, new JsonObject().put("id", key.id()));
      LOG.info("API key {} revoked", key.id());
      return key.toJson();
    });
  }

  Future<JsonObject> lookUp(KeyRequests.LookUpKey request) {
    return keys.use(request.secretHash()).map(key -> new JsonObject().put("key", key == null ? null : key.toJson()));
  }
}
