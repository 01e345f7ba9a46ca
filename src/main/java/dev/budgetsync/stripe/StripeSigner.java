package dev.budgetsync.stripe;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Computes Stripe's v1 scheme: HMAC-SHA256, keyed with the whole {@code whsec_...} string, over
 * {@code "<t>." + raw body bytes}. Used to verify, and to sign events for {@code trigger}.
 */
public final class StripeSigner {
  private final Mac mac;

  /** A signer is not thread-safe: give each verticle its own. */
  public StripeSigner(String secret) {
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  public byte[] mac(long timestamp, byte[] body) {
    mac.update((timestamp + ".").getBytes(UTF_8));
    return mac.doFinal(body);
  }

  /** The full header value, as Stripe would send it. */
  public String header(long timestamp, byte[] body) {
    return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac(timestamp, body));
  }
}
