package dev.budgetsync.store;

/**
 * API keys: created, listed, revoked, and found by their secret's hash. Values are always bound
 * parameters.
 */
final class KeySql {
  private KeySql() {
  }

  static final String INSERT_KEY = """
      insert into api_key (id, name, secret_hash, scope, accounts, enforce)
      values ($1, $2, $3, $4, $5, $6)
      returning id, name, scope, accounts, enforce, created_at, last_used_at, revoked_at""";

  /** Newest first; at most a few hundred keys are expected, listed whole. */
  static final String LIST_KEYS = """
      select id, name, scope, accounts, enforce, created_at, last_used_at, revoked_at
      from api_key order by created_at desc, id limit $1""";

  /** Revokes once: the first revocation's time stays. */
  static final String REVOKE_KEY = """
      update api_key set revoked_at = coalesce(revoked_at, now()) where id = $1
      returning id, name, scope, accounts, enforce, created_at, last_used_at, revoked_at""";

  /**
   * The key whose secret hashes to $1, noting its use: a lookup happens on a cache miss only (at most
   * once per cache lifetime per key and verticle), so last_used_at costs no write per request.
   */
  static final String USE_KEY = """
      update api_key set last_used_at = now() where secret_hash = $1
      returning id, name, scope, accounts, enforce, created_at, last_used_at, revoked_at""";
}
