package dev.budgetsync.config;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import static java.nio.charset.StandardCharsets.UTF_8;

/** Token generation and comparison that leaks nothing through timing. */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {
  }

  public static String newToken() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return "bst_" + HexFormat.of().formatHex(bytes);
  }

  public static boolean constantTimeEquals(String expected, String given) {
    return given != null && MessageDigest.isEqual(expected.getBytes(UTF_8), given.getBytes(UTF_8));
  }
}
