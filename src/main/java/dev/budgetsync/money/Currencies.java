package dev.budgetsync.money;

import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Stripe's view of currency exponents, which differs from ISO 4217 in places: Stripe sends isk and
 * ugx with two decimals although ISO gives them none. This is the one table used wherever an
 * amount is shown to people.
 */
public final class Currencies {
  private static final Set<String> ZERO_DECIMAL = Set.of(
      "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "vnd", "vuv", "xaf", "xof", "xpf");
  private static final Set<String> THREE_DECIMAL = Set.of("bhd", "jod", "kwd", "omr", "tnd");
  private static final Set<String> ISO_CODES = Currency.getAvailableCurrencies().stream()
      .map(c -> c.getCurrencyCode().toLowerCase(Locale.ROOT))
      .collect(Collectors.toUnmodifiableSet());

  private Currencies() {
  }

  /** True for a lower-case ISO 4217 code. */
  public static boolean isKnown(String code) {
    return code != null && ISO_CODES.contains(code);
  }

  /** Digits after the decimal point in Stripe's minor units. */
  public static int exponent(String code) {
    String lower = code.toLowerCase(Locale.ROOT);
    if (ZERO_DECIMAL.contains(lower)) {
      return 0;
    }
    return THREE_DECIMAL.contains(lower) ? 3 : 2;
  }
}
