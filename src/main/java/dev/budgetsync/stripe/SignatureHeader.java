package dev.budgetsync.stripe;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static dev.budgetsync.stripe.InvalidSignatureException.Reason.MALFORMED;
import static dev.budgetsync.stripe.InvalidSignatureException.Reason.MISSING;

/**
 * A parsed {@code Stripe-Signature} header: {@code t=<unix seconds>,v1=<hex>[,v1=<hex>...]}.
 * Parsing is strict (no spaces, lower-case hex, one timestamp) and never throws anything but
 * {@link InvalidSignatureException}: unlike stripe-java's parser, whose NullPointerException or
 * NumberFormatException on odd headers would otherwise surface as a 500.
 */
public record SignatureHeader(long timestamp, List<String> v1Signatures) {
  /** Headers are short; anything longer is hostile. */
  public static final int MAX_LENGTH = 4096;
  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

  public static SignatureHeader parse(String header) throws InvalidSignatureException {
    if (header == null || header.isEmpty()) {
      throw new InvalidSignatureException(MISSING, "missing Stripe-Signature header");
    }
    if (header.length() > MAX_LENGTH) {
      throw new InvalidSignatureException(MALFORMED, "Stripe-Signature header is too long");
    }
    Long timestamp = null;
    List<String> signatures = new ArrayList<>();
    for (String item : header.split(",", -1)) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        throw new InvalidSignatureException(MALFORMED, "malformed Stripe-Signature header");
      }
      String key = item.substring(0, eq);
      String value = item.substring(eq + 1);
      if (key.equals("t")) {
        if (timestamp != null || !TIMESTAMP.matcher(value).matches()) {
          throw new InvalidSignatureException(MALFORMED, "malformed timestamp in Stripe-Signature header");
        }
        timestamp = Long.parseLong(value);
      } else if (key.equals("v1")) {
        if (!HEX_SHA256.matcher(value).matches()) {
          throw new InvalidSignatureException(MALFORMED, "malformed v1 signature in Stripe-Signature header");
        }
        signatures.add(value);
      } else if (!key.matches("v0|[a-z][a-z0-9_]{0,15}")) {
        throw new InvalidSignatureException(MALFORMED, "malformed Stripe-Signature header");
      }
    }
    if (timestamp == null) {
      throw new InvalidSignatureException(MALFORMED, "no timestamp in Stripe-Signature header");
    }
    if (signatures.isEmpty()) {
      throw new InvalidSignatureException(MALFORMED, "no v1 signature in Stripe-Signature header");
    }
    return new SignatureHeader(timestamp, List.copyOf(signatures));
  }
}
