package dev.budgetsync.money;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class MonthsTest {
  @ParameterizedTest
  @CsvSource({
      "2026-01-31T23:59:30Z, 2026-01",
      "2026-02-01T00:00:00Z, 2026-02",
      "2025-12-31T23:59:59Z, 2025-12",
      "2028-02-29T12:00:00Z, 2028-02",
      "1970-01-01T00:00:00Z, 1970-01"})
  void ofIsTheUtcCalendarMonth(String instant, String month) {
    assertThat(Months.of(Instant.parse(instant))).isEqualTo(month);
    assertThat(Months.ofEpochSecond(Instant.parse(instant).getEpochSecond())).isEqualTo(month);
  }

  @Test
  void ofIgnoresTheJvmTimeZone() {
    // 23:30 UTC on 31 January is already February east of UTC; the budget month stays January.
    java.util.TimeZone saved = java.util.TimeZone.getDefault();
    try {
      java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Asia/Tokyo"));
      assertThat(Months.of(Instant.parse("2026-01-31T23:30:00Z"))).isEqualTo("2026-01");
    } finally {
      java.util.TimeZone.setDefault(saved);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-01", "2026-12", "2000-01", "9999-12"})
  void parseAcceptsYearMonth(String text) {
    assertThat(Months.parse(text)).isEqualTo(text);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"2026-13", "2026-00", "2026-1", "26-01", "2026/01", "2026-01-15", " 2026-01", "2026-01 ",
      "1999-12", "0000-01", "20260-01", "abcd-ef", "2026-\u0661\u0662", "+2026-01", "-2026-01"})
  void parseRejectsAnythingElse(String text) {
    assertThat(Months.parse(text)).isNull();
  }
}
