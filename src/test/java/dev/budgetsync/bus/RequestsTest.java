package dev.budgetsync.bus;

import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.domain.EntryKind;
import dev.budgetsync.domain.Outcome;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RequestsTest {
  private static final AccountSettings SETTINGS = new AccountSettings("default", "usd", false, List.of(50, 80, 100));
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T23:59:59Z"), ZoneOffset.UTC);

  @Test
  void fundsValidRequest() {
    Requests.FundsRequest request = Requests.funds(new JsonObject()
        .put("account", "team-a").put("amount", 5000).put("currency", "usd").put("note", "monthly top-up")
        .put("idempotency_key", "key-1"), SETTINGS);

    assertThat(request).isEqualTo(new Requests.FundsRequest("team-a", 5000, "usd", "monthly top-up", "key-1"));
  }

  @Test
  void fundsDefaultToDefaultAccountAndBudgetCurrency() {
    Requests.FundsRequest request = Requests.funds(new JsonObject().put("amount", 1), SETTINGS);

    assertThat(request).isEqualTo(new Requests.FundsRequest("default", 1, "usd", null, null));
  }

  @Test
  void fundsAcceptLargeLongAmount() {
    long amount = 10_000_000_000L;

    assertThat(Requests.funds(new JsonObject().put("amount", amount), SETTINGS).amount()).isEqualTo(amount);
  }

  static Stream<Arguments> badAmounts() {
    return Stream.of(
        arguments("string", "{\"amount\": \"5000\"}"),
        arguments("fractional", "{\"amount\": 50.5}"),
        arguments("integral double", "{\"amount\": 5000.0}"),
        arguments("exponent", "{\"amount\": 5e3}"),
        arguments("zero", "{\"amount\": 0}"),
        arguments("negative", "{\"amount\": -100}"),
        arguments("missing", "{}"),
        arguments("null", "{\"amount\": null}"),
        arguments("boolean", "{\"amount\": true}"),
        arguments("too big for a long", "{\"amount\": 99999999999999999999}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badAmounts")
  void fundsAmountMustBeAPositiveInteger(String why, String body) {
    assertInvalid(() -> Requests.funds(new JsonObject(body), SETTINGS), "amount");
  }

  @ParameterizedTest
  @ValueSource(strings = {"eur", "USD", "jpy", ""})
  void fundsCurrencyMustBeTheBudgetCurrency(String currency) {
    assertInvalid(() -> Requests.funds(new JsonObject().put("amount", 100).put("currency", currency), SETTINGS),
        "currency");
  }

  @Test
  void fundsCurrencyMustBeAString() {
    assertInvalid(() -> Requests.funds(new JsonObject().put("amount", 100).put("currency", 840), SETTINGS),
        "currency");
  }

  @Test
  void fundsInAnotherBudgetCurrency() {
    AccountSettings yen = new AccountSettings("default", "jpy", false, List.of(50));

    assertThat(Requests.funds(new JsonObject().put("amount", 500).put("currency", "jpy"), yen).currency())
        .isEqualTo("jpy");
    assertInvalid(() -> Requests.funds(new JsonObject().put("amount", 500).put("currency", "usd"), yen), "currency");
  }

  @Test
  void fundsNoteIsLimited() {
    String longest = "n".repeat(Requests.MAX_NOTE);
    assertThat(Requests.funds(new JsonObject().put("amount", 1).put("note", longest), SETTINGS).note())
        .isEqualTo(longest);

    assertInvalid(() -> Requests.funds(new JsonObject().put("amount", 1).put("note", longest + "n"), SETTINGS),
        "note");
  }

  @Test
  void fundsIdempotencyKeyIsLimited() {
    assertInvalid(() -> Requests.funds(new JsonObject().put("amount", 1).put("idempotency_key", ""), SETTINGS),
        "Idempotency-Key");
    assertInvalid(() -> Requests.funds(new JsonObject().put("amount", 1)
        .put("idempotency_key", "k".repeat(Requests.MAX_IDEMPOTENCY_KEY + 1)), SETTINGS), "Idempotency-Key");
  }

  @ParameterizedTest
  @MethodSource("invalidAccounts")
  void fundsRejectInvalidAccount(Object account) {
    assertInvalid(() -> Requests.funds(new JsonObject().put("amount", 1).put("account", account), SETTINGS),
        "account");
  }

  @Test
  void statusDefaultsToDefaultAccountAndCurrentUtcMonth() {
    assertThat(Requests.status(new JsonObject(), SETTINGS, CLOCK))
        .isEqualTo(new Requests.StatusQuery("default", "2026-11"));
  }

  @Test
  void statusGivenAccountAndMonth() {
    assertThat(Requests.status(new JsonObject().put("account", "team-a").put("month", "2025-02"), SETTINGS, CLOCK))
        .isEqualTo(new Requests.StatusQuery("team-a", "2025-02"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-13", "2026-1", "2026/11", "11-2026", "1999-12", "2026-11-01", "now", ""})
  void statusMonthMustBeYearMonth(String month) {
    assertInvalid(() -> Requests.status(new JsonObject().put("month", month), SETTINGS, CLOCK), "month");
  }

  @Test
  void statusMonthMustBeAString() {
    assertInvalid(() -> Requests.status(new JsonObject().put("month", 202611), SETTINGS, CLOCK), "month");
  }

  @ParameterizedTest
  @MethodSource("invalidAccounts")
  void statusRejectsInvalidAccount(Object account) {
    assertInvalid(() -> Requests.status(new JsonObject().put("account", account), SETTINGS, CLOCK), "account");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "team_a-1", "user@example.com", "org:team.a", "ABC123"})
  void statusAcceptsValidAccounts(String account) {
    assertThat(Requests.status(new JsonObject().put("account", account), SETTINGS, CLOCK).account())
        .isEqualTo(account);
  }

  @Test
  void eventsDefaults() {
    assertThat(Requests.events(new JsonObject())).isEqualTo(new Requests.EventsQuery(10, null, null, null, null, null, null, null));
  }

  @Test
  void eventsGivenValuesFromQueryStrings() {
    Requests.EventsQuery query = Requests.events(new JsonObject()
        .put("limit", "25").put("starting_after", "evt_123").put("type", "invoice.paid"));

    assertThat(query).isEqualTo(new Requests.EventsQuery(25, "evt_123", "invoice.paid", null, null, null, null, null));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 100})
  void eventsLimitBoundsAccepted(int limit) {
    assertThat(Requests.events(new JsonObject().put("limit", limit)).limit()).isEqualTo(limit);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"limit\": 0}", "{\"limit\": 101}", "{\"limit\": -1}", "{\"limit\": \"0\"}",
      "{\"limit\": \"101\"}", "{\"limit\": \"-5\"}", "{\"limit\": \"ten\"}", "{\"limit\": 2.5}",
      "{\"limit\": \"\"}", "{\"limit\": \"9999999999999999999\"}", "{\"limit\": 4294967297}"})
  void eventsLimitOutOfRangeOrNotAWholeNumber(String body) {
    assertInvalid(() -> Requests.events(new JsonObject(body)), "limit");
  }

  @Test
  void eventsStartingAfterMustBeAString() {
    assertInvalid(() -> Requests.events(new JsonObject().put("starting_after", 5)), "starting_after");
  }

  @Test
  void eventIdIsRequired() {
    assertThat(Requests.reprocess(new JsonObject().put("id", "evt_123")).eventId()).isEqualTo("evt_123");
    assertInvalid(() -> Requests.reprocess(new JsonObject()), "id");
    assertInvalid(() -> Requests.reprocess(new JsonObject().put("id", "")), "id");
    assertInvalid(() -> Requests.reprocess(new JsonObject().put("id", 123)), "id");
    assertInvalid(() -> Requests.reprocess(new JsonObject().put("id", "e".repeat(256))), "id");
  }

  @Test
  void ledgerDefaults() {
    assertThat(Requests.ledger(new JsonObject(), SETTINGS, CLOCK))
        .isEqualTo(new Requests.LedgerQuery("default", "2026-11", 100, 0, null, null));
  }

  @Test
  void ledgerGivenValues() {
    Requests.LedgerQuery query = Requests.ledger(new JsonObject()
        .put("account", "team-a").put("month", "2026-01").put("limit", "50").put("starting_after", "1234"), SETTINGS,
        CLOCK);

    assertThat(query).isEqualTo(new Requests.LedgerQuery("team-a", "2026-01", 50, 1234, null, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1", "1.5", ""})
  void ledgerStartingAfterMustBeAWholeNumber(String after) {
    assertInvalid(() -> Requests.ledger(new JsonObject().put("starting_after", after), SETTINGS, CLOCK),
        "starting_after");
  }

  @Test
  void ledgerMonthAndLimitAreValidated() {
    assertInvalid(() -> Requests.ledger(new JsonObject().put("month", "2026-00"), SETTINGS, CLOCK), "month");
    assertInvalid(() -> Requests.ledger(new JsonObject().put("limit", 0), SETTINGS, CLOCK), "limit");
    assertInvalid(() -> Requests.ledger(new JsonObject().put("limit", 1001), SETTINGS, CLOCK), "limit");
    assertThat(Requests.ledger(new JsonObject().put("limit", 1000), SETTINGS, CLOCK).limit()).isEqualTo(1000);
  }

  @Test
  void eventFiltersAreReadFromQueryStrings() {
    Requests.EventsQuery query = Requests.events(new JsonObject().put("outcome", "needs_review")
        .put("account", "team-a").put("created[gte]", "1764547200").put("created[lt]", "1767225600"));

    assertThat(query).isEqualTo(new Requests.EventsQuery(10, null, null, "needs_review", "team-a", 1764547200L,
        1767225600L, null));
  }

  @Test
  void eventFiltersAreValidated() {
    assertInvalid(() -> Requests.events(new JsonObject().put("outcome", "duplicate")), "outcome");
    assertInvalid(() -> Requests.events(new JsonObject().put("outcome", "NEEDS_REVIEW")), "outcome");
    assertInvalid(() -> Requests.events(new JsonObject().put("account", "has space")), "account");
    assertInvalid(() -> Requests.events(new JsonObject().put("created[gte]", "yesterday")), "created[gte]");
    assertInvalid(() -> Requests.events(new JsonObject().put("created[lt]", "-5")), "created[lt]");
    assertInvalid(() -> Requests.events(new JsonObject().put("created[lt]", "253402300800")), "created[lt]");
    assertInvalid(() -> Requests.events(new JsonObject().put("created[gte]", "20").put("created[lt]", "20")),
        "created[lt]");
  }

  @Test
  void theFiltersNameEveryStoredOutcomeAndEveryEntryKind() {
    assertThat(Requests.OUTCOMES).containsExactlyInAnyOrderElementsOf(Arrays.stream(Outcome.values())
        .filter(o -> o != Outcome.DUPLICATE).map(Outcome::wire).toList());
    assertThat(Requests.ENTRY_KINDS).containsExactlyInAnyOrderElementsOf(Arrays.stream(EntryKind.values())
        .map(EntryKind::wire).toList());
  }

  @Test
  void ledgerFiltersKindAndSource() {
    assertThat(Requests.ledger(new JsonObject().put("kind", "spend").put("source", "agent:CONTENT"), SETTINGS, CLOCK))
        .isEqualTo(new Requests.LedgerQuery("default", "2026-11", 100, 0, "spend", "agent:CONTENT"));
    assertInvalid(() -> Requests.ledger(new JsonObject().put("kind", "refund"), SETTINGS, CLOCK), "kind");
    assertInvalid(() -> Requests.ledger(new JsonObject().put("source", ""), SETTINGS, CLOCK), "source");
    assertInvalid(() -> Requests.ledger(new JsonObject().put("source", "s".repeat(101)), SETTINGS, CLOCK), "source");
  }

  @ParameterizedTest
  @MethodSource("invalidAccounts")
  void ledgerRejectsInvalidAccount(Object account) {
    assertInvalid(() -> Requests.ledger(new JsonObject().put("account", account), SETTINGS, CLOCK), "account");
  }

  @Test
  void amountsUpToTenToTheThirteenAreAccepted() {
    long max = 10_000_000_000_000L;

    assertThat(Requests.funds(new JsonObject().put("amount", max), SETTINGS).amount()).isEqualTo(max);
    assertThat(Requests.spend(new JsonObject().put("agent", "A").put("amount", max), SETTINGS).amount()).isEqualTo(max);
    assertThat(Requests.reserve(new JsonObject().put("agent", "A").put("amount", max), SETTINGS).amount())
        .isEqualTo(max);
    assertThat(Requests.settle(new JsonObject().put("id", "res_1").put("amount", max)).amount()).isEqualTo(max);
    assertThat(Requests.check(new JsonObject().put("amount", String.valueOf(max)), SETTINGS, CLOCK).amount())
        .isEqualTo(max);
  }

  @ParameterizedTest
  @ValueSource(longs = {10_000_000_000_001L, Long.MAX_VALUE, 4_611_686_018_427_387_904L})
  void everyAmountPastTenToTheThirteenIsRefused(long amount) {
    assertInvalid(() -> Requests.funds(new JsonObject().put("amount", amount), SETTINGS), "amount");
    assertInvalid(() -> Requests.spend(new JsonObject().put("agent", "A").put("amount", amount), SETTINGS), "amount");
    assertInvalid(() -> Requests.reserve(new JsonObject().put("agent", "A").put("amount", amount), SETTINGS),
        "amount");
    assertInvalid(() -> Requests.settle(new JsonObject().put("id", "res_1").put("amount", amount)), "amount");
    assertInvalid(() -> Requests.check(new JsonObject().put("amount", amount), SETTINGS, CLOCK), "amount");
  }

  /** A breaker's case: billing.budget.check took amount -1 from the bus, which the HTTP edge refuses. */
  @Test
  void aNegativeCheckAmountIsRefusedFromTheBusAsFromAQueryString() {
    ServiceError fromBus = (ServiceError) catchThrowable(() ->
        Requests.check(new JsonObject().put("amount", -1), SETTINGS, CLOCK));
    ServiceError fromQuery = (ServiceError) catchThrowable(() ->
        Requests.check(new JsonObject().put("amount", "-1"), SETTINGS, CLOCK));

    assertInvalid(() -> Requests.check(new JsonObject().put("amount", -1), SETTINGS, CLOCK), "amount");
    assertThat(fromBus.detail()).isEqualTo(fromQuery.detail());
    assertInvalid(() -> Requests.reserve(new JsonObject().put("agent", "A").put("amount", 1).put("ttl_seconds", -5),
        SETTINGS), "ttl_seconds");
  }

  @Test
  void checkAmountGivenAsTheLargestLongInAQueryStringIsRefused() {
    assertInvalid(() -> Requests.check(new JsonObject().put("amount", "9223372036854775807"), SETTINGS, CLOCK),
        "amount");
  }

  static Stream<Arguments> invalidTexts() {
    return Stream.of(
        arguments("NUL", "a\u0000b"),
        arguments("only NUL", "\u0000"),
        arguments("escape", "\u001b[31mred"),
        arguments("DEL", "a\u007fb"),
        arguments("C1 control", "a\u0085b"),
        arguments("lone high surrogate", "a\ud800b"),
        arguments("lone low surrogate", "\udc00"),
        arguments("surrogates reversed", "\udc00\ud800"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTexts")
  void textWithControlCharactersOrHalfSurrogatesIsRefusedInEveryField(String why, String text) {
    JsonObject spend = new JsonObject().put("agent", "A").put("amount", 1);
    assertInvalid(() -> Requests.spend(spend.copy().put("description", text), SETTINGS), "description");
    assertInvalid(() -> Requests.spend(spend.copy().put("agent", text), SETTINGS), "agent");
    assertInvalid(() -> Requests.spend(spend.copy().put("idempotency_key", text), SETTINGS), "Idempotency-Key");
    assertInvalid(() -> Requests.funds(new JsonObject().put("amount", 1).put("note", text), SETTINGS), "note");
    assertInvalid(() -> Requests.events(new JsonObject().put("type", text)), "type");
    assertInvalid(() -> Requests.events(new JsonObject().put("starting_after", text)), "starting_after");
    assertInvalid(() -> Requests.reprocess(new JsonObject().put("id", text)), "id");
    assertInvalid(() -> Requests.reserve(new JsonObject().put("agent", text).put("amount", 1), SETTINGS), "agent");
    assertInvalid(() -> Requests.release(new JsonObject().put("id", "res_" + text)), "id");
  }

  @Test
  void freeTextMayBreakLinesAndHoldAnyPrintableCharacter() {
    String text = "line one\nline two\r\n\tindented \u00e9\u4e2d\ud83d\ude00";

    assertThat(Requests.spend(new JsonObject().put("agent", "A").put("amount", 1).put("description", text), SETTINGS)
        .description()).isEqualTo(text);
    assertThat(Requests.funds(new JsonObject().put("amount", 1).put("note", text), SETTINGS).note()).isEqualTo(text);
    assertInvalid(() -> Requests.spend(new JsonObject().put("agent", "A\nB").put("amount", 1), SETTINGS), "agent");
  }

  static Stream<Object> invalidAccounts() {
    return Stream.of("", "has space", "semi;colon", "slash/x", "a".repeat(65), "caf\u00e9", 42, true);
  }

  private static void assertInvalid(Runnable call, String field) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).isExactlyInstanceOf(ServiceError.class);
    ServiceError error = (ServiceError) thrown;
    assertThat(error.detail()).contains(field);
    assertThat(error.type()).isEqualTo(ErrorType.INVALID_REQUEST);
    assertThat(error.failureCode()).isEqualTo(400);
    assertThat(error.getMessage()).isEqualTo("invalid_request");
  }
}
