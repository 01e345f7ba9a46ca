package dev.budgetsync.billing;

import dev.budgetsync.domain.ApiKey;
import dev.budgetsync.domain.Scope;

import java.util.List;

/**
 * Who is calling, once {@link Access} knows the key: its scope, the accounts it may act on (every
 * account for an admin), and whether its spend is held to what remains.
 *
 * @param keyId null for {@code ADMIN_TOKEN}
 */
public record Caller(String keyId, Scope scope, List<String> accounts, boolean enforce) {
  /** The bootstrap admin, {@code ADMIN_TOKEN}. */
  public static final Caller ADMIN_TOKEN = new Caller(null, Scope.ADMIN, List.of(), false);

  static Caller of(ApiKey key) {
    return new Caller(key.id(), key.scope(), key.accounts(), key.enforce());
  }

  /** An admin acts on every account; read and spend keys on those they list. */
  public boolean actsOnEveryAccount() {
    return scope == Scope.ADMIN;
  }

  public boolean mayActOn(String account) {
    return actsOnEveryAccount() || accounts.contains(account);
  }

  /** The accounts a query is limited to: null for every account. */
  public List<String> restriction() {
    return actsOnEveryAccount() ? null : accounts;
  }
}
