package dev.budgetsync.money;

import java.math.BigDecimal;
import java.util.Locale;

/** Formats minor units for people, e.g. {@code 5000 usd} as {@code 50.00 USD}, {@code 5000 jpy} as {@code 5,000 JPY}. */
public final class MoneyFormat {
  private MoneyFormat() {
  }

  public static String format(long minorUnits, String currency) {
    int exponent = Currencies.exponent(currency);
    BigDecimal major = BigDecimal.valueOf(minorUnits, exponent);
    String pattern = "%,." + exponent + "f %s";
    return String.format(Locale.ROOT, pattern, major, currency.toUpperCase(Locale.ROOT));
  }
}
