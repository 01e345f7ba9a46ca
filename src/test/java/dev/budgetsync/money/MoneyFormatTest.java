package dev.budgetsync.money;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MoneyFormatTest {
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "5000      | usd | 50.00 USD",
      "5000      | jpy | 5,000 JPY",
      "5120      | kwd | 5.120 KWD",
      "0         | usd | 0.00 USD",
      "1         | usd | 0.01 USD",
      "99        | eur | 0.99 EUR",
      "123456789 | usd | 1,234,567.89 USD",
      "-1250     | usd | -12.50 USD",
      "1         | jpy | 1 JPY",
      "1         | kwd | 0.001 KWD",
      "1234567   | bhd | 1,234.567 BHD",
      "50000     | isk | 500.00 ISK",
      "100       | ugx | 1.00 UGX",
      "9223372036854775807 | usd | 92,233,720,368,547,758.07 USD"})
  void formatsWithTheCurrencysExponent(long minorUnits, String currency, String expected) {
    assertThat(MoneyFormat.format(minorUnits, currency)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
      "5000    | usd | $50.00",
      "5000    | jpy | ¥5,000",
      "5120    | kwd | 5.120 KWD",
      "0       | usd | $0.00",
      "-1250   | usd | -$12.50",
      "123456  | eur | €1,234.56",
      "999     | gbp | £9.99",
      "5000    | krw | ₩5,000",
      "5000    | cad | CA$50.00",
      "1234567 | bhd | 1,234.567 BHD",
      "-1      | kwd | -0.001 KWD",
      "5000    | chf | 50.00 CHF",
      "5000    | xaf | 5,000 XAF",
      "5000    | xof | 5,000 XOF",
      "50000   | isk | 500.00 ISK",
      "100     | zzz | 1.00 ZZZ"})
  void displaysWithTheCurrencysSignOrCode(long minorUnits, String currency, String expected) {
    assertThat(MoneyFormat.display(minorUnits, currency)).isEqualTo(expected);
  }
}
