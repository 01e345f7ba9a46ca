package dev.budgetsync.stripe;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class WebhookVerifierTest {
  private static final String SECRET = "whsec_test_7f3a9c1e5b2d4f6a8c0e2b4d6f8a0c2e";
  private static final String OLD_SECRET = "whsec_old_0123456789abcdef";
  private static final long TOLERANCE = 300;
  private static final long NOW = 1_767_225_600L; // 2026-01-01T00:00:00Z
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
  private static final String PAYLOAD = """
      {"id":"evt_1","object":"event","created":1767225600,"type":"checkout.session.completed",\
      "data":{"object":{"id":"cs_test_1","amount_total":5000,"currency":"usd","note":"caf\u00e9 \u2713"}}}""";
  private static final byte[] BODY = PAYLOAD.getBytes(UTF_8);

  private final WebhookVerifier verifier = new WebhookVerifier(List.of(SECRET), TOLERANCE, CLOCK);

  @Test
  void acceptsBodySignedWithTheSecret() {
    String header = new StripeSigner(SECRET).header(NOW, BODY);

    assertThatCode(() -> verifier.verify(header, BODY)).doesNotThrowAnyException();
  }

  @Test
  void signerHeaderHasStripeShape() {
    String header = new StripeSigner(SECRET).header(NOW, BODY);

    assertThat(header).matches("t=" + NOW + ",v1=[0-9a-f]{64}");
  }

  @Test
  void signerMatchesStripeJavaHmac() throws Exception {
    long t = 1_492_774_577L;
    String ours = HexFormat.of().formatHex(new StripeSigner(SECRET).mac(t, BODY));

    String stripe = Webhook.Util.computeHmacSha256(SECRET, t + "." + PAYLOAD);

    assertThat(ours).isEqualTo(stripe);
    assertThat(new StripeSigner(SECRET).header(t, BODY)).isEqualTo("t=" + t + ",v1=" + stripe);
  }

  @Test
  void signerIsReusableAcrossMessages() {
    StripeSigner signer = new StripeSigner(SECRET);
    byte[] first = signer.mac(NOW, BODY);
    signer.mac(NOW + 1, "other".getBytes(UTF_8));

    assertThat(signer.mac(NOW, BODY)).isEqualTo(first);
  }

  @Test
  void stripeJavaAcceptsOurHeader() throws Exception {
    String header = new StripeSigner(SECRET).header(NOW, BODY);

    assertThat(Webhook.Signature.verifyHeader(PAYLOAD, header, SECRET, TOLERANCE, CLOCK)).isTrue();
  }

  @Test
  void stripeJavaRejectsOurHeaderUnderAnotherSecret() {
    String header = new StripeSigner(SECRET).header(NOW, BODY);

    assertThatThrownBy(() -> Webhook.Signature.verifyHeader(PAYLOAD, header, OLD_SECRET, TOLERANCE, CLOCK))
        .isInstanceOf(SignatureVerificationException.class);
  }

  @Test
  void acceptsHeaderGeneratedByStripeJava() throws Exception {
    String header = Webhook.Signature.generateSignatureHeader(PAYLOAD, SECRET, NOW);

    assertThatCode(() -> verifier.verify(header, BODY)).doesNotThrowAnyException();
  }

  @Test
  void rejectsWrongSecret() {
    String header = new StripeSigner("whsec_wrong").header(NOW, BODY);

    assertRejected(header, BODY, "no signature matches");
  }

  @Test
  void rejectsTamperedBody() {
    String header = new StripeSigner(SECRET).header(NOW, BODY);
    byte[] tampered = BODY.clone();
    int i = PAYLOAD.indexOf("5000") + 1; // 5000 -> 5100
    tampered[i] = (byte) '1';

    assertRejected(header, tampered, "no signature matches");
  }

  @Test
  void rejectsReEncodedBody() {
    // The same JSON with different whitespace is not the signed body.
    String header = new StripeSigner(SECRET).header(NOW, BODY);
    byte[] reEncoded = PAYLOAD.replace(",\"object\"", ", \"object\"").getBytes(UTF_8);

    assertRejected(header, reEncoded, "no signature matches");
  }

  @Test
  void rejectsEmptyBodyForASignedBody() {
    String header = new StripeSigner(SECRET).header(NOW, BODY);

    assertRejected(header, new byte[0], "no signature matches");
  }

  @Test
  void rejectsSignatureMadeForAnotherTimestamp() {
    String signedEarlier = new StripeSigner(SECRET).header(NOW - 10, BODY);
    String sig = signedEarlier.substring(signedEarlier.indexOf("v1="));

    assertRejected("t=" + NOW + "," + sig, BODY, "no signature matches");
  }

  @ParameterizedTest
  @ValueSource(longs = {-TOLERANCE - 1, -3600, TOLERANCE + 1, 3600, -NOW})
  void rejectsTimestampOutsideTolerance(long offset) {
    String header = new StripeSigner(SECRET).header(NOW + offset, BODY);

    assertRejected(header, BODY, "tolerance");
  }

  @ParameterizedTest
  @ValueSource(longs = {-TOLERANCE, -TOLERANCE + 1, -1, 0, 1, TOLERANCE})
  void acceptsTimestampWithinTolerance(long offset) {
    String header = new StripeSigner(SECRET).header(NOW + offset, BODY);

    assertThatCode(() -> verifier.verify(header, BODY)).doesNotThrowAnyException();
  }

  @Test
  void staleTimestampIsRejectedEvenWithAValidSignature() throws Exception {
    long stale = NOW - TOLERANCE - 1;
    String header = new StripeSigner(SECRET).header(stale, BODY);
    // The signature itself is right: stripe-java with an unlimited tolerance accepts it.
    assertThat(Webhook.Signature.verifyHeader(PAYLOAD, header, SECRET, 0, CLOCK)).isTrue();

    assertRejected(header, BODY, "tolerance");
  }

  @Test
  void rotationAcceptsEitherSecret() {
    WebhookVerifier rotating = new WebhookVerifier(List.of(OLD_SECRET, SECRET), TOLERANCE, CLOCK);

    assertThatCode(() -> rotating.verify(new StripeSigner(OLD_SECRET).header(NOW, BODY), BODY))
        .doesNotThrowAnyException();
    assertThatCode(() -> rotating.verify(new StripeSigner(SECRET).header(NOW, BODY), BODY))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> rotating.verify(new StripeSigner("whsec_third").header(NOW, BODY), BODY))
        .isExactlyInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void acceptsWhenOnlyTheSecondV1Matches() {
    String good = sig(new StripeSigner(SECRET).header(NOW, BODY));
    String bad = sig(new StripeSigner(OLD_SECRET).header(NOW, BODY));

    assertThatCode(() -> verifier.verify("t=" + NOW + ",v1=" + bad + ",v1=" + good, BODY))
        .doesNotThrowAnyException();
  }

  @Test
  void acceptsHeaderWithV0AndV1LikeStripeTestMode() {
    String good = sig(new StripeSigner(SECRET).header(NOW, BODY));

    assertThatCode(() -> verifier.verify("t=" + NOW + ",v1=" + good + ",v0=" + "0".repeat(64), BODY))
        .doesNotThrowAnyException();
  }

  @Test
  void rejectsWhenNoneOfSeveralV1Match() {
    String bad1 = sig(new StripeSigner(OLD_SECRET).header(NOW, BODY));
    String bad2 = sig(new StripeSigner("whsec_other").header(NOW, BODY));

    assertRejected("t=" + NOW + ",v1=" + bad1 + ",v1=" + bad2, BODY, "no signature matches");
  }

  @Test
  void verifierWithoutSecretsRejectsEverything() {
    WebhookVerifier none = new WebhookVerifier(List.of(), TOLERANCE, CLOCK);

    assertThatThrownBy(() -> none.verify(new StripeSigner(SECRET).header(NOW, BODY), BODY))
        .isExactlyInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void malformedHeaderIsInvalidSignatureBeforeAnyCheck() {
    assertThatThrownBy(() -> verifier.verify(null, BODY)).isExactlyInstanceOf(InvalidSignatureException.class);
    assertThatThrownBy(() -> verifier.verify("t=abc", BODY)).isExactlyInstanceOf(InvalidSignatureException.class);
    assertThatThrownBy(() -> verifier.verify("t", BODY)).isExactlyInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void eachRejectionNamesItsReasonForTheMetric() {
    assertThat(reasonFor(null)).isEqualTo(InvalidSignatureException.Reason.MISSING);
    assertThat(reasonFor("t=abc,v1=" + "0".repeat(64))).isEqualTo(InvalidSignatureException.Reason.MALFORMED);
    assertThat(reasonFor(new StripeSigner(SECRET).header(NOW - TOLERANCE - 1, BODY)))
        .isEqualTo(InvalidSignatureException.Reason.STALE);
    assertThat(reasonFor(new StripeSigner("whsec_wrong").header(NOW, BODY)))
        .isEqualTo(InvalidSignatureException.Reason.MISMATCH);
  }

  private InvalidSignatureException.Reason reasonFor(String header) {
    return catchThrowableOfType(InvalidSignatureException.class, () -> verifier.verify(header, BODY)).reason();
  }

  private void assertRejected(String header, byte[] body, String messagePart) {
    assertThatThrownBy(() -> verifier.verify(header, body))
        .isExactlyInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining(messagePart);
  }

  private static String sig(String header) {
    return header.substring(header.indexOf("v1=") + 3);
  }
}
