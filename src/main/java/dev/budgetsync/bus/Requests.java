package dev.budgetsync.bus;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.money.Months;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import static dev.budgetsync.bus.Fields.account;
import static dev.budgetsync.bus.Fields.bounded;
import static dev.budgetsync.bus.Fields.flag;
import static dev.budgetsync.bus.Fields.freeText;
import static dev.budgetsync.bus.Fields.invalid;
import static dev.budgetsync.bus.Fields.limit;
import static dev.budgetsync.bus.Fields.month;
import static dev.budgetsync.bus.Fields.positiveAmount;
import static dev.budgetsync.bus.Fields.printable;
import static dev.budgetsync.bus.Fields.string;
import static dev.budgetsync.bus.Fields.wholeNumber;

/**
 * The requests of the event-bus contract, as records, and their validation. An edge (an HTTP
 * route, the bridge, or billing for a JSON body from a cluster member) parses a request once into
 * its record; in this process the record itself then crosses the bus ({@link LocalCodec}). Every
 * amount is bounded by {@code Amounts.MAX} and every string is valid text ({@link Text}), so nothing a
 * caller sends can overflow a sum or reach PostgreSQL or a log as a NUL or a control character.
 */
public final class Requests {
  public static final int MAX_NOTE = 500;
  public static final int MAX_IDEMPOTENCY_KEY = 255;
  public static final long DEFAULT_TTL_SECONDS = 300;
  public static final long MAX_TTL_SECONDS = 86_400;
  public static final int MAX_SOURCE = 100;
  /** The stored outcomes (the wire names of domain.Outcome but {@code duplicate}, which is never stored). */
  public static final Set<String> OUTCOMES =
      Set.of("credited", "debited", "logged", "skipped", "ignored", "needs_review", "failed");
  /** The ledger's kinds (the wire names of domain.EntryKind). */
  public static final Set<String> ENTRY_KINDS = Set.of("credit", "debit", "spend", "alert");
  private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

  private Requests() {
  }

  /** A request about one account, all a key's accounts need to cover. */
  public interface OfOneAccount {
    String account();
  }

  public record StatusQuery(String account, String month) implements OfOneAccount {
  }

  public record FundsRequest(String account, long amount, String currency, String note, String idempotencyKey) {
  }

  /** {@code enforce}: refused, recording nothing, when it does not fit in what remains. */
  public record SpendRequest(String account, String agent, long amount, String currency, String description,
                             String idempotencyKey, boolean enforce) {
    /** Enforced when the request or the caller's key says so. */
    public SpendRequest enforced(boolean keyEnforce) {
      return enforce || !keyEnforce ? this
          : new SpendRequest(account, agent, amount, currency, description, idempotencyKey, true);
    }
  }

  public record CheckQuery(String account, String month, long amount) implements OfOneAccount {
  }

  public record ReserveRequest(String account, String agent, long amount, String currency, long ttlSeconds)
      implements OfOneAccount {
  }

  /**
   * {@code accounts}: those of the caller's key, null for any (a reservation of another is refused);
   * {@code enforce}: the key's hard limit, so the settled amount must fit in the hold and what remains.
   */
  public record SettleRequest(String id, long amount, List<String> accounts, boolean enforce) {
    public SettleRequest limitedTo(List<String> keyAccounts, boolean keyEnforce) {
      return new SettleRequest(id, amount, keyAccounts, enforce || keyEnforce);
    }
  }

  /** {@code accounts}: those of the caller's key, null for any. */
  public record ReleaseRequest(String id, List<String> accounts) {
    public ReleaseRequest limitedTo(List<String> keyAccounts) {
      return new ReleaseRequest(id, keyAccounts);
    }
  }

  public record ReprocessRequest(String eventId) {
  }

  /**
   * A page of the event history, newest first; every filter null for none. {@code createdGte} and
   * {@code createdLt} are unix seconds of the event's {@code created}, from the parameters
   * {@code created[gte]} and {@code created[lt]}, as Stripe's list routes name them.
   */
  public record EventsQuery(int limit, String startingAfter, String type, String outcome, String account,
                            Long createdGte, Long createdLt, List<String> accounts) {
    /** Only the events of {@code keyAccounts}, a key's. */
    public EventsQuery limitedTo(List<String> keyAccounts) {
      return new EventsQuery(limit, startingAfter, type, outcome, account, createdGte, createdLt, keyAccounts);
    }
  }

  /** A page of a month's ledger, oldest first; {@code kind} and {@code source} null for every one. */
  public record LedgerQuery(String account, String month, int limit, long startingAfter, String kind, String source)
      implements OfOneAccount {
  }

  /** {@code accounts}: those of the caller's key, null for every account. */
  public record AccountsQuery(String month, int limit, String startingAfter, List<String> accounts) {
    public AccountsQuery limitedTo(List<String> keyAccounts) {
      return new AccountsQuery(month, limit, startingAfter, keyAccounts);
    }
  }

  public static StatusQuery status(JsonObject body, AccountSettings settings, Clock clock) {
    return new StatusQuery(account(body, settings), month(body, clock));
  }

  public static FundsRequest funds(JsonObject body, AccountSettings settings) {
    return new FundsRequest(account(body, settings), positiveAmount(body), currency(body, settings),
        freeText(body, "note", MAX_NOTE), idempotencyKey(body));
  }

  public static SpendRequest spend(JsonObject body, AccountSettings settings) {
    return new SpendRequest(account(body, settings), agent(body), positiveAmount(body), currency(body, settings),
        freeText(body, "description", MAX_NOTE), idempotencyKey(body), flag(body, "enforce"));
  }

  public static CheckQuery check(JsonObject body, AccountSettings settings, Clock clock) {
    Object value = body.getValue("amount");
    long amount = value == null ? 0 : bounded(wholeNumber(value, "amount"));
    return new CheckQuery(account(body, settings), Months.of(clock.instant()), amount);
  }

  public static ReserveRequest reserve(JsonObject body, AccountSettings settings) {
    Object ttl = body.getValue("ttl_seconds");
    long ttlSeconds = ttl == null ? DEFAULT_TTL_SECONDS : wholeNumber(ttl, "ttl_seconds");
    if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
      throw invalid("ttl_seconds", "must be between 1 and " + MAX_TTL_SECONDS);
    }
    return new ReserveRequest(account(body, settings), agent(body), positiveAmount(body), currency(body, settings),
        ttlSeconds);
  }

  /** {@code amount} may be 0: the work cost nothing and the hold is simply released. */
  public static SettleRequest settle(JsonObject body) {
    Object value = body.getValue("amount");
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
      throw invalid("amount", "must be a whole number of the currency's smallest unit, 0 or more");
    }
    return new SettleRequest(reservationId(body), bounded(((Number) value).longValue()), null, false);
  }

  public static ReleaseRequest release(JsonObject body) {
    return new ReleaseRequest(reservationId(body), null);
  }

  private static String reservationId(JsonObject body) {
    String id = string(body, "id", null);
    if (id == null || !id.matches("res_[A-Za-z0-9]{1,64}")) {
      throw invalid("id", "must be a reservation id res_...");
    }
    return id;
  }

  private static String currency(JsonObject body, AccountSettings settings) {
    String currency = string(body, "currency", settings.budgetCurrency());
    if (!currency.equals(settings.budgetCurrency())) {
      throw invalid("currency", "must be the budget currency " + settings.budgetCurrency());
    }
    return currency;
  }

  private static String agent(JsonObject body) {
    String agent = printable(body, "agent", "agent");
    if (agent == null || agent.isBlank() || agent.length() > 64) {
      throw invalid("agent", "must name the agent in 1 to 64 printable characters");
    }
    return agent;
  }

  private static String idempotencyKey(JsonObject body) {
    String key = printable(body, "idempotency_key", "Idempotency-Key");
    if (key != null && (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY)) {
      throw invalid("Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
    }
    return key;
  }

  public static ReprocessRequest reprocess(JsonObject body) {
    String id = printable(body, "id", "id");
    if (id == null || id.isEmpty() || id.length() > 255) {
      throw invalid("id", "must name a stored event");
    }
    return new ReprocessRequest(id);
  }

  public static EventsQuery events(JsonObject body) {
    String startingAfter = printable(body, "starting_after", "starting_after");
    String type = printable(body, "type", "type");
    if (startingAfter != null && (startingAfter.isEmpty() || startingAfter.length() > 255)) {
      throw invalid("starting_after", "must name a stored event");
    }
    if (type != null && (type.isEmpty() || type.length() > 255)) {
      throw invalid("type", "must be an event type of 1 to 255 characters");
    }
    String outcome = oneOf(body, "outcome", OUTCOMES);
    String account = string(body, "account", null);
    if (account != null && !AccountSettings.isValidAccount(account)) {
      throw invalid("account", "must be an account id");
    }
    Long gte = epochSecond(body, "created[gte]");
    Long lt = epochSecond(body, "created[lt]");
    if (gte != null && lt != null && lt <= gte) {
      throw invalid("created[lt]", "must be after created[gte]");
    }
    return new EventsQuery(limit(body, 10, 100), startingAfter, type, outcome, account, gte, lt, null);
  }

  public static LedgerQuery ledger(JsonObject body, AccountSettings settings, Clock clock) {
    Object after = body.getValue("starting_after");
    long startingAfter = 0;
    if (after != null) {
      startingAfter = wholeNumber(after, "starting_after");
    }
    // A month's ledger is read whole far more often than the history: larger pages.
    String source = printable(body, "source", "source");
    if (source != null && (source.isEmpty() || source.length() > MAX_SOURCE)) {
      throw invalid("source", "must be 1 to " + MAX_SOURCE + " characters");
    }
    return new LedgerQuery(account(body, settings), month(body, clock), limit(body, 100, 1000), startingAfter,
        oneOf(body, "kind", ENTRY_KINDS), source);
  }

  /** A string field that must be one of {@code allowed}, or null when absent. */
  private static String oneOf(JsonObject body, String field, Set<String> allowed) {
    String value = string(body, field, null);
    if (value != null && !allowed.contains(value)) {
      throw invalid(field, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
    }
    return value;
  }

  /** Unix seconds, as Stripe gives {@code created}, or null when absent. */
  private static Long epochSecond(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    long seconds = wholeNumber(value, field);
    if (seconds > MAX_EPOCH_SECOND) {
      throw invalid(field, "must be unix seconds before the year 10000");
    }
    return seconds;
  }

  public static AccountsQuery accounts(JsonObject body, Clock clock) {
    String startingAfter = string(body, "starting_after", null);
    if (startingAfter != null && !AccountSettings.isValidAccount(startingAfter)) {
      throw invalid("starting_after", "must be an account id");
    }
    return new AccountsQuery(month(body, clock), limit(body, 10, 100), startingAfter, null);
  }
}
