package dev.budgetsync.domain;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * A stored API key, without its secret (the database holds only the secret's hash).
 *
 * @param accounts empty for an admin key, which acts on every account
 * @param lastUsed null when never used; {@code revoked} null while the key is valid
 */
public record ApiKey(String id, String name, Scope scope, List<String> accounts, boolean enforce, Instant created,
                     Instant lastUsed, Instant revoked) {

  /** As {@code GET /api/keys} lists it; times in unix seconds, as Stripe gives {@code created}. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("object", "api_key").put("name", name).put("scope", scope.wire())
        .put("accounts", new JsonArray(accounts)).put("enforce", enforce).put("created", created.getEpochSecond())
        .put("last_used", lastUsed == null ? null : lastUsed.getEpochSecond())
        .put("revoked", revoked == null ? null : revoked.getEpochSecond());
  }

  public static ApiKey fromJson(JsonObject json) {
    Long lastUsed = json.getLong("last_used");
    Long revoked = json.getLong("revoked");
    return new ApiKey(json.getString("id"), json.getString("name"), Scope.fromWire(json.getString("scope")),
        json.getJsonArray("accounts").stream().map(String.class::cast).toList(), json.getBoolean("enforce"),
        Instant.ofEpochSecond(json.getLong("created")), lastUsed == null ? null : Instant.ofEpochSecond(lastUsed),
        revoked == null ? null : Instant.ofEpochSecond(revoked));
  }
}
