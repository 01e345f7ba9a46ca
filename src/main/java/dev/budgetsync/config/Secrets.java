package dev.budgetsync.config;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Token generation: the admin token made up for a run without one. */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {
  }

  public static String newToken() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return "bst_" + HexFormat.of().formatHex(bytes);
  }
}
