package dev.budgetsync.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The secrets of API keys: {@code bsk_} and 43 characters of base64url, 256 random bits, a shape
 * secret scanners can match ({@link #PATTERN}); and the SHA-256 by which a key is stored and found.
 * A plain hash suffices where bcrypt would be needed for passwords: 256 random bits cannot be guessed.
 */
public final class KeySecrets {
  public static final String PREFIX = "bsk_";
  /** What a secret scanner looks for (docs/security.md). */
  public static final Pattern PATTERN = Pattern.compile("bsk_[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private KeySecrets() {
  }

  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + ENCODER.encodeToString(bytes);
  }

  /** A new key id {@code key_...}: 96 random bits, not secret. */
  public static String newId() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return "key_" + ENCODER.encodeToString(bytes).replace('-', 'A').replace('_', 'B');
  }

  /** Whether {@code token} has the shape of a key secret: anything else is refused without a lookup. */
  public static boolean isWellFormed(String token) {
    return token != null && PATTERN.matcher(token).matches();
  }

  public static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
