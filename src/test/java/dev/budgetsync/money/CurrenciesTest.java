package dev.budgetsync.money;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CurrenciesTest {
  @ParameterizedTest(name = "{0} has {1} decimals")
  @CsvSource({
      "usd, 2", "eur, 2", "gbp, 2",
      "jpy, 0", "krw, 0", "clp, 0", "vnd, 0", "xaf, 0", "xof, 0", "xpf, 0", "bif, 0",
      "kwd, 3", "bhd, 3", "jod, 3", "omr, 3", "tnd, 3",
      // Stripe keeps these two-decimal in the API although ISO 4217 gives them none.
      "isk, 2", "ugx, 2", "huf, 2", "twd, 2"})
  void exponentAsStripeSendsAmounts(String currency, int exponent) {
    assertThat(Currencies.exponent(currency)).isEqualTo(exponent);
  }

  @Test
  void stripesTwoDecimalSpecialCasesDifferFromIso() {
    assertThat(java.util.Currency.getInstance("ISK").getDefaultFractionDigits()).isZero();
    assertThat(Currencies.exponent("isk")).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"usd", "eur", "jpy", "kwd", "isk", "ugx", "chf", "brl"})
  void knownLowerCaseIsoCodes(String code) {
    assertThat(Currencies.isKnown(code)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"USD", "Usd", "us", "usdd", "abc", " usd", "usd "})
  void unknownOrNotLowerCase(String code) {
    assertThat(Currencies.isKnown(code)).isFalse();
  }
}
