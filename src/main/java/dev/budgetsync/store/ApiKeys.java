package dev.budgetsync.store;

import dev.budgetsync.domain.ApiKey;
import dev.budgetsync.domain.Scope;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The API keys (table {@code api_key}): stored by the hash of their secret, never the secret. */
public final class ApiKeys {
  /** More keys than anyone lists at once; the list is not paged, and says when it left keys out. */
  public static final int MAX_LISTED = 1000;
  private final Pool pool;

  public ApiKeys(Pool pool) {
    this.pool = pool;
  }

  public Future<ApiKey> create(String id, String name, byte[] secretHash, Scope scope, List<String> accounts,
                               boolean enforce) {
    return pool.preparedQuery(KeySql.INSERT_KEY).execute(Tuple.of(id, name, Buffer.buffer(secretHash), scope.wire(),
            accounts.toArray(String[]::new), enforce))
        .map(rows -> key(rows.iterator().next()));
  }

  /** The newest {@link #MAX_LISTED} keys, and one more when there are more: its caller says {@code has_more}. */
  public Future<List<ApiKey>> list() {
    return pool.preparedQuery(KeySql.LIST_KEYS).execute(Tuple.of(MAX_LISTED + 1)).map(ApiKeys::keys);
  }

  /** The revoked key, or null when no key has this id. */
  public Future<ApiKey> revoke(String id) {
    return pool.preparedQuery(KeySql.REVOKE_KEY).execute(Tuple.of(id)).map(rows -> first(keys(rows)));
  }

  /** The key whose secret hashes to {@code secretHash} (revoked or not), its use noted; null for none. */
  public Future<ApiKey> use(byte[] secretHash) {
    return pool.preparedQuery(KeySql.USE_KEY).execute(Tuple.of(Buffer.buffer(secretHash)))
        .map(rows -> first(keys(rows)));
  }

  private static ApiKey first(List<ApiKey> keys) {
    return keys.isEmpty() ? null : keys.get(0);
  }

  private static List<ApiKey> keys(RowSet<Row> rows) {
    List<ApiKey> keys = new ArrayList<>();
    rows.forEach(row -> keys.add(key(row)));
    return keys;
  }

  private static ApiKey key(Row row) {
    return new ApiKey(row.getString("id"), row.getString("name"), Scope.fromWire(row.getString("scope")),
        Arrays.asList(row.getArrayOfStrings("accounts")), row.getBoolean("enforce"),
        instant(row.getOffsetDateTime("created_at")), instant(row.getOffsetDateTime("last_used_at")),
        instant(row.getOffsetDateTime("revoked_at")));
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
