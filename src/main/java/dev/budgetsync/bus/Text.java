package dev.budgetsync.bus;

/**
 * What counts as valid text in a request: no NUL or other control characters (PostgreSQL refuses
 * NUL in text and jsonb, and control characters forge log lines) and no half of a surrogate pair
 * (which has no UTF-8 encoding and would be stored as {@code ?}). Free text may break lines.
 */
final class Text {
  private Text() {
  }

  /** An identifier, a key or a type: printable characters only. */
  static boolean isPrintable(String text) {
    return isValid(text, false);
  }

  /** A note or a description: also tabs and line breaks. */
  static boolean isFreeText(String text) {
    return isValid(text, true);
  }

  private static boolean isValid(String text, boolean lineBreaks) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        if (!lineBreaks || (c != '\t' && c != '\n' && c != '\r')) {
          return false;
        }
      } else if (Character.isHighSurrogate(c)) {
        if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
