package dev.budgetsync.domain;

import java.util.Locale;

/** What a key may do, each scope everything the one before it may: {@code read} < {@code spend} < {@code admin}. */
public enum Scope {
  READ,
  SPEND,
  ADMIN;

  public boolean covers(Scope needed) {
    return compareTo(needed) >= 0;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The scope named {@code wire}, or null for none. */
  public static Scope fromWire(String wire) {
    for (Scope scope : values()) {
      if (scope.wire().equals(wire)) {
        return scope;
      }
    }
    return null;
  }
}
