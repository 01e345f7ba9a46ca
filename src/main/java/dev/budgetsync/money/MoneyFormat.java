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
    BigDecimal major = BigDecimal.valueOf(minorUnits, Currencies.exponent(currency));
    return (major.signum() < 0 ? "-" : "") + grouped(major.abs()) + " " + currency.toUpperCase(Locale.ROOT);
  }

  /**
   * {@code 5000 usd} as {@code $50.00}, {@code 5000 jpy} as {@code ¥5,000}, {@code 5120 kwd} as
   * {@code 5.120 KWD}: the currency's sign where it has one (from the JDK's locale data), else its code
   * after the amount. Only the sign comes from the JDK; the exponent is always Stripe's.
   */
  public static String display(long minorUnits, String currency) {
    int exponent = Currencies.exponent(currency);
    BigDecimal major = BigDecimal.valueOf(minorUnits, exponent);
    String number = grouped(major.abs());
    String sign = major.signum() < 0 ? "-" : "";
    String code = currency.toUpperCase(Locale.ROOT);
    String symbol = symbol(code);
    return symbol == null ? sign + number + " " + code : sign + symbol + number;
  }

  /** {@code 1234567.80} as {@code 1,234,567.80}: what {@code %,.Nf} prints, without a Formatter per log line. */
  private static String grouped(BigDecimal nonNegative) {
    String digits = nonNegative.toPlainString();
    int point = digits.indexOf('.');
    int integerDigits = point < 0 ? digits.length() : point;
    StringBuilder out = new StringBuilder(digits.length() + integerDigits / 3);
    for (int i = 0; i < integerDigits; i++) {
      if (i > 0 && (integerDigits - i) % 3 == 0) {
        out.append(',');
      }
      out.append(digits.charAt(i));
    }
    return out.append(digits, integerDigits, digits.length()).toString();
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
