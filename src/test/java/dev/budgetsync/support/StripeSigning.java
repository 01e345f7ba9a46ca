package dev.budgetsync.support;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

/**
 * Signs payloads the way Stripe does, with stripe-java's own HMAC (not the service's), so the
 * tests do not check the service's signing against itself.
 */
public final class StripeSigning {
  private StripeSigning() {
  }

  public static String header(String secret, long timestamp, String payload) {
    try {
      return "t=" + timestamp + ",v1=" + Webhook.Util.computeHmacSha256(secret, timestamp + "." + payload);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String header(String secret, String payload) {
    return header(secret, now(), payload);
  }

  public static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** stripe-java's own verdict on a header, for cross-checks. */
  public static boolean stripeJavaAccepts(String payload, String header, String secret) {
    try {
      Webhook.Signature.verifyHeader(payload, header, secret, 300);
      return true;
    } catch (SignatureVerificationException e) {
      return false;
    }
  }
}
