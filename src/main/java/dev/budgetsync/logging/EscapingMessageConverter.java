package dev.budgetsync.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %msg} for the text log with every control character escaped ({@code \n}, {@code \u0000}),
 * so a value a client sent (an id, a header, a path) can neither forge a log line nor write a raw
 * NUL or terminal escape to it. The JSON log needs no such converter: JSON escapes them already.
 */
public final class EscapingMessageConverter extends MessageConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return escape(super.convert(event));
  }

  /** {@code text} with its control and line-separator characters as Java escapes; the same string when it has none. */
  public static String escape(String text) {
    if (text == null || text.chars().noneMatch(EscapingMessageConverter::needsEscape)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (needsEscape(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static boolean needsEscape(int c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }
}
