package dev.budgetsync.money;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Budget months are calendar months in UTC, written {@code YYYY-MM}. */
public final class Months {
  private Months() {
  }

  public static String of(Instant instant) {
    return YearMonth.from(instant.atZone(ZoneOffset.UTC)).toString();
  }

  public static String ofEpochSecond(long epochSecond) {
    return of(Instant.ofEpochSecond(epochSecond));
  }

  /** The month, or null when {@code text} is not a {@code YYYY-MM} between years 2000 and 9999. */
  public static String parse(String text) {
    if (text == null || !text.matches("\\d{4}-\\d{2}")) {
      return null;
    }
    try {
      YearMonth month = YearMonth.parse(text);
      return month.getYear() >= 2000 ? month.toString() : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
