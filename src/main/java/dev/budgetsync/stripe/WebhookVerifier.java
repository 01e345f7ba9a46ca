package dev.budgetsync.stripe;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

import static dev.budgetsync.stripe.InvalidSignatureException.Reason.MISMATCH;
import static dev.budgetsync.stripe.InvalidSignatureException.Reason.STALE;

/**
 * Verifies a webhook's {@code Stripe-Signature} over the exact raw body against every configured
 * secret (several during rotation). Comparison is constant-time. Not thread-safe.
 */
public final class WebhookVerifier {
  private final List<StripeSigner> signers;
  private final long toleranceSeconds;
  private final Clock clock;

  public WebhookVerifier(List<String> secrets, long toleranceSeconds, Clock clock) {
    this.signers = secrets.stream().map(StripeSigner::new).toList();
    this.toleranceSeconds = toleranceSeconds;
    this.clock = clock;
  }

  /**
   * What can be checked before the body is read: the header is present, well formed, and its
   * timestamp within the tolerance. A request that fails here is refused without reading its body.
   */
  public SignatureHeader checkHeader(String header) throws InvalidSignatureException {
    SignatureHeader parsed = SignatureHeader.parse(header);
    long now = clock.instant().getEpochSecond();
    // Stripe only rejects old timestamps; far-future ones are as suspicious and rejected too.
    if (Math.abs(now - parsed.timestamp()) > toleranceSeconds) {
      throw new InvalidSignatureException(STALE, "timestamp outside the tolerance zone");
    }
    return parsed;
  }

  public void verify(String header, byte[] body) throws InvalidSignatureException {
    SignatureHeader parsed = checkHeader(header);
    List<byte[]> given = parsed.v1Signatures().stream().map(HexFormat.of()::parseHex).toList();
    boolean matched = false;
    for (StripeSigner signer : signers) {
      byte[] expected = signer.mac(parsed.timestamp(), body);
      for (byte[] candidate : given) {
        // No early exit: the time taken does not tell which secret or signature matched.
        matched |= MessageDigest.isEqual(expected, candidate);
      }
    }
    if (!matched) {
      throw new InvalidSignatureException(MISMATCH, "no signature matches the expected signature for the payload");
    }
  }
}
