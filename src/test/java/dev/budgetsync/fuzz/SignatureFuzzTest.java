package dev.budgetsync.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.budgetsync.stripe.InvalidSignatureException;
import dev.budgetsync.stripe.SignatureHeader;
import dev.budgetsync.stripe.StripeSigner;
import dev.budgetsync.stripe.WebhookVerifier;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Any header and body: parsing and verification either succeed or throw
 * {@link InvalidSignatureException}, never anything that would become a 500. In `mvn test` this runs
 * the checked-in corpus; with JAZZER_FUZZ=1 it fuzzes (see docs/security.md).
 */
class SignatureFuzzTest {
  private static final String SECRET = "whsec_fuzz";
  private static final long NOW = 1_790_000_000L;
  private static final WebhookVerifier VERIFIER = new WebhookVerifier(List.of(SECRET, "whsec_other"), 300,
      Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

  @FuzzTest(maxDuration = "20s")
  void headersNeverEscapeAsAnythingButInvalidSignature(FuzzedDataProvider data) {
    String header = data.consumeString(SignatureHeader.MAX_LENGTH + 16);
    byte[] body = data.consumeRemainingAsBytes();
    try {
      SignatureHeader parsed = SignatureHeader.parse(header);
      if (parsed.v1Signatures().isEmpty()) {
        throw new IllegalStateException("a parsed header must hold a v1 signature");
      }
    } catch (InvalidSignatureException expected) {
      // the only failure a caller has to handle
    }
    try {
      VERIFIER.verify(header, body);
      // Only a header that really signs this body with a configured secret may pass.
      String signed = new StripeSigner(SECRET).header(SignatureHeader.parse(header).timestamp(), body);
      String other = new StripeSigner("whsec_other").header(SignatureHeader.parse(header).timestamp(), body);
      if (!header.contains(signed.substring(signed.indexOf("v1="))) && !header.contains(other.substring(other.indexOf("v1=")))) {
        throw new IllegalStateException("verified a header that signs nothing: " + header);
      }
    } catch (InvalidSignatureException expected) {
      // wrong, stale or malformed: a 400 for the caller
    }
  }

  @FuzzTest(maxDuration = "20s")
  void aValidSignatureVerifiesAndAnyChangedByteDoesNot(FuzzedDataProvider data) throws InvalidSignatureException {
    long timestamp = NOW - data.consumeInt(-300, 300);
    byte[] body = data.consumeRemainingAsBytes();
    String header = new StripeSigner(SECRET).header(timestamp, body);
    VERIFIER.verify(header, body);
    if (body.length > 0) {
      byte[] changed = body.clone();
      changed[(int) (timestamp % body.length + body.length) % body.length] ^= 1;
      try {
        VERIFIER.verify(header, changed);
        throw new IllegalStateException("a changed body verified: " + new String(changed, UTF_8));
      } catch (InvalidSignatureException expected) {
        // tampering is caught
      }
    }
  }
}
