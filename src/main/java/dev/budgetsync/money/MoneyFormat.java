package dev.budgetsync.money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

/**
 * Formats minor units for people with the exponents of {@link Currencies}: {@link #format} for logs
 * ({@code 50.00 USD}), {@link #display} for the dashboard and the CLI ({@code $50.00}).
 */
public final class MoneyFormat {
  private MoneyFormat() {
  }

  public static String format(long minorUnits, String currency) {
    int exponent = Currencies.exponent(currency);
    BigDecimal major = BigDecimal.valueOf(minorUnits, exponent);
    String pattern = "%,." + exponent + "f %s";
    return String.format(Locale.ROOT, pattern, major, currency.toUpperCase(Locale.ROOT));
  }

  /**
   * {@code 5000 usd} as {@code $50.00}, {@code 5000 jpy} as {@code ¥5,000}, {@code 5120 kwd} as
   * {@code 5.120 KWD}: the currency's sign where it has one (from the JDK's locale data), else its code
   * after the amount. Only the sign comes from the JDK; the exponent is always Stripe's.
   */
  public static String display(long minorUnits, String currency) {
    int exponent = Currencies.exponent(currency);
    BigDecimal major = BigDecimal.valueOf(minorUnits, exponent);
    String number = String.format(Locale.ROOT, "%,." + exponent + "f", major.abs());
    String sign = major.signum() < 0 ? "-" : "";
    String code = currency.toUpperCase(Locale.ROOT);
    String symbol = symbol(code);
    return symbol == null ? sign + number + " " + code : sign + symbol + number;
  }

  /** {@code $}, {@code €}, {@code CA$}; null for codes whose English symbol is letters only ({@code CHF}, {@code FCFA}). */
  private static String symbol(String code) {
    String symbol;
    try {
      symbol = Currency.getInstance(code).getSymbol(Locale.US);
    } catch (IllegalArgumentException e) {
      return null;
    }
    boolean hasSign = symbol.chars().anyMatch(c -> !Character.isLetter(c));
    boolean oneWord = symbol.chars().noneMatch(Character::isSpaceChar);
    return hasSign && oneWord ? symbol : null;
  }
}
