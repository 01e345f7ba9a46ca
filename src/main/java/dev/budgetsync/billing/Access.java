package dev.budgetsync.billing;

import dev.budgetsync.bus.Addresses;
import dev.budgetsync.bus.ErrorType;
import dev.budgetsync.bus.KeyRequests;
import dev.budgetsync.bus.LocalCodec;
import dev.budgetsync.bus.Requests;
import dev.budgetsync.bus.ServiceError;
import dev.budgetsync.domain.ApiKey;
import dev.budgetsync.domain.KeySecrets;
import dev.budgetsync.domain.Scope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Map.entry;

/**
 * Who may do what, decided here and nowhere else: for every HTTP route, the dashboard session, the
 * live stream, the event bus and the TCP bridge. {@link #authenticate} turns a key into its
 * {@link Caller} ({@code ADMIN_TOKEN}, compared by hash in constant time, is an admin);
 * {@link #permit} checks the caller's scope against the address a request goes to and its account
 * against the key's, and narrows what a key may see (the event history and the account list to its
 * accounts; spend, settlements and releases to its accounts and its hard limit).
 *
 * <p>A key is looked up by the SHA-256 of its secret, through billing ({@link Addresses#KEYS_LOOKUP}),
 * and cached: at most {@link #CACHE_SIZE} keys, least recently used dropped first, each for at most
 * {@link #CACHE_TTL_MS} (a safety net); a revocation published on {@link Addresses#KEYS_REVOKED}
 * drops the key from every instance's caches at once. In the steady state a request costs no
 * database round trip. An instance is confined to the event loop of the verticle that made it.
 *
 * <p>A request record comes from an edge of this process that already authenticated and permitted
 * its caller (records cannot cross the cluster: {@code bus.LocalCodec}); a JSON body comes from a
 * cluster member or the bridge and must carry a key in the message header {@value #TOKEN_HEADER}.
 */
public final class Access {
  /** The message header, and the bridge frame's header, that carries the caller's key. */
  public static final String TOKEN_HEADER = "token";
  static final int CACHE_SIZE = 10_000;
  static final long CACHE_TTL_MS = 30_000;
  /** What each address needs below admin; every other address (funds, reprocess, keys, ...) needs admin. */
  private static final Map<String, Scope> NEEDS = Map.ofEntries(
      entry(Addresses.STATUS, Scope.READ), entry(Addresses.CHECK, Scope.READ), entry(Addresses.LEDGER, Scope.READ),
      entry(Addresses.DAILY, Scope.READ), entry(Addresses.ACCOUNTS, Scope.READ),
      entry(Addresses.OPEN_RESERVATIONS, Scope.READ), entry(Addresses.AGENT_SPEND, Scope.READ),
      entry(Addresses.EVENTS, Scope.READ),
      entry(Addresses.SPEND, Scope.SPEND), entry(Addresses.RESERVE, Scope.SPEND),
      entry(Addresses.SETTLE, Scope.SPEND), entry(Addresses.RELEASE, Scope.SPEND));

  private final Vertx vertx;
  private final byte[] adminHash;
  private final DeliveryOptions lookup;
  private final Map<ByteBuffer, Cached> cache = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Cached> eldest) {
      return size() > CACHE_SIZE;
    }
  };
  private final Map<ByteBuffer, Future<Caller>> lookups = new HashMap<>();
  /** Counts revocations heard: a lookup that overlapped one is not cached, since it may predate it. */
  private long revocations;

  /** A looked-up key: its caller, or null when revoked; until {@code expiresAt} (nanoTime). */
  private record Cached(String keyId, Caller caller, long expiresAt) {
  }

  public Access(Vertx vertx, String adminToken, long lookupTimeoutMs) {
    this.vertx = vertx;
    this.adminHash = KeySecrets.hash(adminToken);
    // Local: this instance's billing answers; a key never travels the cluster, even hashed.
    this.lookup = new DeliveryOptions().setSendTimeout(lookupTimeoutMs).setLocalOnly(true);
  }

  /** Starts listening for revocations; from the start of the verticle this Access belongs to. */
  public Future<Void> start() {
    MessageConsumer<Object> revoked = vertx.eventBus().consumer(Addresses.KEYS_REVOKED, message -> {
      revocations++;
      // Whatever a member publishes here can only empty a cache: a wrong body empties it all.
      Object id = message.body() instanceof JsonObject json ? json.getValue("id") : null;
      cache.values().removeIf(cached -> id == null || cached.keyId().equals(id));
      // A lookup under way may predate the revocation: requests from now on make their own.
      lookups.clear();
    });
    return revoked.completion();
  }

  /** The caller {@code token} is, else fails with {@code 401 unauthorized}. */
  public Future<Caller> authenticate(String token) {
    if (token == null) {
      return Future.failedFuture(unauthorized());
    }
    byte[] hash = KeySecrets.hash(token);
    if (MessageDigest.isEqual(adminHash, hash)) {
      return Future.succeededFuture(Caller.ADMIN_TOKEN);
    }
    // Only the shape of a key is worth a lookup.
    return KeySecrets.isWellFormed(token) ? byHash(hash) : Future.failedFuture(unauthorized());
  }

  /** The caller whose key hashes to {@code hash} (a dashboard session holds the hash, never the key). */
  public Future<Caller> authenticateHash(byte[] hash) {
    return MessageDigest.isEqual(adminHash, hash) ? Future.succeededFuture(Caller.ADMIN_TOKEN) : byHash(hash);
  }

  private Future<Caller> byHash(byte[] hash) {
    ByteBuffer id = ByteBuffer.wrap(hash.clone());
    Cached cached = cache.get(id);
    if (cached != null && cached.expiresAt() - System.nanoTime() > 0) {
      return cached.caller() == null ? Future.failedFuture(unauthorized()) : Future.succeededFuture(cached.caller());
    }
    // One lookup per key at a time: the requests that miss together (the TTL ran out) share it.
    Future<Caller> inFlight = lookups.get(id);
    if (inFlight != null) {
      return inFlight;
    }
    long seen = revocations;
    Future<Caller> looked = vertx.eventBus().<JsonObject>request(Addresses.KEYS_LOOKUP, new KeyRequests.LookUpKey(hash),
            lookup)
        .map(reply -> {
          JsonObject found = reply.body().getJsonObject("key");
          if (found == null) {
            cache.remove(id);
            throw unauthorized();
          }
          ApiKey key = ApiKey.fromJson(found);
          Caller caller = key.revoked() == null ? Caller.of(key) : null;
          if (seen == revocations || caller == null) {
            cache.put(id, new Cached(key.id(), caller, System.nanoTime() + CACHE_TTL_MS * 1_000_000));
          }
          if (caller == null) {
            throw unauthorized();
          }
          return caller;
        });
    lookups.put(id, looked);
    looked.onComplete(done -> lookups.remove(id, looked));
    return looked;
  }

  /** Fails with {@code 403 forbidden} unless {@code caller}'s scope covers {@code needed}. */
  public void require(Caller caller, Scope needed) {
    if (!caller.scope().covers(needed)) {
      throw new ServiceError(ErrorType.FORBIDDEN, "this key's scope (" + caller.scope().wire() + ") does not allow"
          + " this; it needs " + needed.wire());
    }
  }

  /** Fails with {@code 403 forbidden} unless {@code caller} may act on {@code account}. */
  public void requireAccount(Caller caller, String account) {
    if (!caller.mayActOn(account)) {
      throw new ServiceError(ErrorType.FORBIDDEN, "this key may not act on account " + account);
    }
  }

  /**
   * {@code request} to {@code address} as {@code caller} may make it: refused ({@code 403}) when the
   * scope or the account is not the key's, else narrowed to the key's accounts and hard limit.
   */
  @SuppressWarnings("unchecked")
  public <R> R permit(Caller caller, String address, R request) {
    require(caller, NEEDS.getOrDefault(address, Scope.ADMIN));
    Object permitted;
    if (request instanceof Requests.SpendRequest spend) {
      requireAccount(caller, spend.account());
      permitted = spend.enforced(caller.enforce());
    } else if (request instanceof Requests.OfOneAccount one) {
      requireAccount(caller, one.account());
      permitted = request;
    } else if (request instanceof Requests.SettleRequest settle) {
      permitted = settle.limitedTo(caller.restriction(), caller.enforce());
    } else if (request instanceof Requests.ReleaseRequest release) {
      permitted = release.limitedTo(caller.restriction());
    } else if (request instanceof Requests.EventsQuery query) {
      if (query.account() != null) {
        requireAccount(caller, query.account());
      }
      permitted = caller.actsOnEveryAccount() ? query : query.limitedTo(caller.restriction());
    } else if (request instanceof Requests.AccountsQuery query) {
      permitted = caller.actsOnEveryAccount() ? query : query.limitedTo(caller.restriction());
    } else {
      // A request this table does not know the account of is for admins only.
      require(caller, Scope.ADMIN);
      permitted = request;
    }
    return (R) permitted;
  }

  /**
   * The caller of a message to a billing address: null for a record, which an edge of this process
   * already permitted; for JSON, the key in its {@value #TOKEN_HEADER} header.
   */
  Future<Caller> admit(Message<Object> message) {
    if (LocalCodec.isRecord(message.body())) {
      return Future.succeededFuture(null);
    }
    return authenticate(message.headers().get(TOKEN_HEADER));
  }

  private static ServiceError unauthorized() {
    return new ServiceError(ErrorType.UNAUTHORIZED, "a valid key is required: Authorization: Bearer <key>, or the"
        + " header " + TOKEN_HEADER + " on the event bus");
  }
}
