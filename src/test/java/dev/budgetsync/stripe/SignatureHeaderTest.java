package dev.budgetsync.stripe;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SignatureHeaderTest {
  private static final String SIG_A = "a".repeat(64);
  private static final String SIG_B = "0123456789abcdef".repeat(4);

  @Test
  void parsesTimestampAndOneSignature() throws Exception {
    SignatureHeader header = SignatureHeader.parse("t=1492774577,v1=" + SIG_A);

    assertThat(header.timestamp()).isEqualTo(1492774577L);
    assertThat(header.v1Signatures()).containsExactly(SIG_A);
  }

  @Test
  void keepsEveryV1SignatureInOrder() throws Exception {
    SignatureHeader header = SignatureHeader.parse("t=1492774577,v1=" + SIG_A + ",v1=" + SIG_B);

    assertThat(header.v1Signatures()).containsExactly(SIG_A, SIG_B);
  }

  @Test
  void skipsOtherSchemesSuchAsV0() throws Exception {
    // Stripe sends a v0 signature in test mode; only v1 counts.
    SignatureHeader header = SignatureHeader.parse("t=1492774577,v1=" + SIG_A + ",v0=" + "6ffbb59b2300aae6".repeat(4));

    assertThat(header.timestamp()).isEqualTo(1492774577L);
    assertThat(header.v1Signatures()).containsExactly(SIG_A);
  }

  @Test
  void acceptsTimestampAfterSignature() throws Exception {
    SignatureHeader header = SignatureHeader.parse("v1=" + SIG_A + ",t=42");

    assertThat(header.timestamp()).isEqualTo(42L);
    assertThat(header.v1Signatures()).containsExactly(SIG_A);
  }

  @Test
  void signatureListIsImmutable() throws Exception {
    SignatureHeader header = SignatureHeader.parse("t=1,v1=" + SIG_A);

    assertThat(catchThrowable(() -> header.v1Signatures().add(SIG_B)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void acceptsHeaderOfExactlyMaxLength() throws Exception {
    String base = "t=1,v1=" + SIG_A;
    // Pad with extra v1 signatures and one unknown-scheme item up to exactly MAX_LENGTH.
    StringBuilder header = new StringBuilder(base);
    while (header.length() + 68 <= SignatureHeader.MAX_LENGTH) {
      header.append(",v1=").append(SIG_B);
    }
    int room = SignatureHeader.MAX_LENGTH - header.length() - ",v0=".length();
    header.append(",v0=").append("f".repeat(room));
    assertThat(header).hasSize(SignatureHeader.MAX_LENGTH);

    assertThat(SignatureHeader.parse(header.toString()).v1Signatures()).first().isEqualTo(SIG_A);
  }

  @ParameterizedTest
  @NullAndEmptySource
  void missingHeaderIsInvalid(String header) {
    assertInvalid(header, InvalidSignatureException.Reason.MISSING);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        arguments("timestamp not a number", "t=abc,v1=" + SIG_A),
        arguments("empty timestamp", "t=,v1=" + SIG_A),
        arguments("t without value", "t"),
        arguments("t without value, with v1", "t,v1=" + SIG_A),
        arguments("empty v1 only", "v1="),
        arguments("v1 only", "v1=" + SIG_A),
        arguments("no v1", "t=1492774577"),
        arguments("no v1, only v0", "t=1492774577,v0=" + SIG_A),
        arguments("empty v1 with timestamp", "t=1492774577,v1="),
        arguments("leading space", " t=1492774577,v1=" + SIG_A),
        arguments("space after comma", "t=1492774577, v1=" + SIG_A),
        arguments("space around equals", "t = 1492774577,v1=" + SIG_A),
        arguments("trailing space", "t=1492774577,v1=" + SIG_A + " "),
        arguments("upper-case hex", "t=1492774577,v1=" + SIG_A.toUpperCase()),
        arguments("hex too short", "t=1492774577,v1=" + SIG_A.substring(1)),
        arguments("hex too long", "t=1492774577,v1=" + SIG_A + "a"),
        arguments("not hex", "t=1492774577,v1=" + "g".repeat(64)),
        arguments("duplicated t", "t=1492774577,t=1492774578,v1=" + SIG_A),
        arguments("duplicated identical t", "t=1,t=1,v1=" + SIG_A),
        arguments("negative timestamp", "t=-1,v1=" + SIG_A),
        arguments("timestamp overflowing long", "t=99999999999999999999,v1=" + SIG_A),
        arguments("fractional timestamp", "t=1.5,v1=" + SIG_A),
        arguments("commas only", ",,"),
        arguments("trailing comma", "t=1,v1=" + SIG_A + ","),
        arguments("leading comma", ",t=1,v1=" + SIG_A),
        arguments("empty key", "=x"),
        arguments("empty key among valid items", "t=1,v1=" + SIG_A + ",=x"),
        arguments("semicolon separator", "t=1;v1=" + SIG_A),
        arguments("unknown upper-case scheme", "t=1,V1=" + SIG_A),
        arguments("over 4096 characters", "t=1,v1=" + SIG_A + ",v0=" + "a".repeat(SignatureHeader.MAX_LENGTH)),
        arguments("just over 4096 characters of v1", longValidHeader(SignatureHeader.MAX_LENGTH + 1)),
        arguments("non-ASCII digits", "t=\u0661\u0662,v1=" + SIG_A),
        arguments("garbage", "not a signature"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedHeaderIsInvalidSignatureOnly(String why, String header) {
    assertInvalid(header, InvalidSignatureException.Reason.MALFORMED);
  }

  private static void assertInvalid(String header, InvalidSignatureException.Reason reason) {
    Throwable thrown = catchThrowable(() -> SignatureHeader.parse(header));
    assertThat(thrown).isExactlyInstanceOf(InvalidSignatureException.class);
    assertThat(thrown.getMessage()).isNotBlank();
    assertThat(((InvalidSignatureException) thrown).reason()).isEqualTo(reason);
  }

  /** A well-formed header of the given length, so only its length can make it invalid. */
  private static String longValidHeader(int length) {
    StringBuilder header = new StringBuilder("t=1,v1=" + SIG_A);
    int room = length - header.length() - ",v0=".length();
    header.append(",v0=").append("b".repeat(room));
    assertThat(header).hasSize(length);
    return header.toString();
  }
}
