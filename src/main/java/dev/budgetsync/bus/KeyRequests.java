package dev.budgetsync.bus;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.domain.Scope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The requests of the key routes ({@link Addresses#KEYS_CREATE}, {@link Addresses#KEYS_LIST}, {@link Addresses#KEYS_REVOKE}). */
public final class KeyRequests {
  public static final int MAX_NAME = 100;
  public static final int MAX_ACCOUNTS = 100;
  private static final Pattern ID = Pattern.compile("key_[A-Za-z0-9]{1,64}");

  private KeyRequests() {
  }

  /** {@code accounts} empty for an admin key. */
  public record CreateKey(String name, Scope scope, List<String> accounts, boolean enforce) {
  }

  public record ListKeys() {
  }

  public record RevokeKey(String id) {
  }

  /** Internal: the key whose secret hashes to {@code secretHash}, for {@code billing.Access}. */
  public record LookUpKey(byte[] secretHash) {
  }

  public static CreateKey create(JsonObject body) {
    String name = Fields.printable(body, "name", "name");
    if (name == null || name.isBlank() || name.length() > MAX_NAME) {
      throw Fields.invalid("name", "must name the key in 1 to " + MAX_NAME + " printable characters");
    }
    Scope scope = Scope.fromWire(Fields.string(body, "scope", null));
    if (scope == null) {
      throw Fields.invalid("scope", "must be read, spend or admin");
    }
    List<String> accounts = accounts(body.getValue("accounts"));
    if (scope == Scope.ADMIN && !accounts.isEmpty()) {
      throw Fields.invalid("accounts", "must be left out for an admin key, which acts on every account");
    }
    if (scope != Scope.ADMIN && accounts.isEmpty()) {
      throw Fields.invalid("accounts", "must list the accounts a " + scope.wire() + " key may act on");
    }
    return new CreateKey(name, scope, accounts, Fields.flag(body, "enforce"));
  }

  public static RevokeKey revoke(JsonObject body) {
    String id = Fields.string(body, "id", null);
    if (id == null || !ID.matcher(id).matches()) {
      throw Fields.invalid("id", "must be a key id key_...");
    }
    return new RevokeKey(id);
  }

  private static List<String> accounts(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > MAX_ACCOUNTS) {
      throw Fields.invalid("accounts", "must be an array of at most " + MAX_ACCOUNTS + " account ids");
    }
    List<String> accounts = new ArrayList<>();
    for (Object account : array) {
      if (!(account instanceof String id) || !AccountSettings.isValidAccount(id)) {
        throw Fields.invalid("accounts", "must hold account ids of 1-64 letters, digits, '_', '-', '.', ':' or '@'");
      }
      if (!accounts.contains(id)) {
        accounts.add(id);
      }
    }
    return List.copyOf(accounts);
  }
}
