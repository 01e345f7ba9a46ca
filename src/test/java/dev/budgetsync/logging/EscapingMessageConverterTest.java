package dev.budgetsync.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.OutputStreamAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Attack 6 of issue 13 on the log: what a client sends cannot write a NUL, an escape or a line of its own. */
class EscapingMessageConverterTest {

  @Test
  void controlCharactersAreEscapedAndEverythingElseIsLeftAlone() {
    assertThat(EscapingMessageConverter.escape("evt_\u0000x")).isEqualTo("evt_\\u0000x");
    assertThat(EscapingMessageConverter.escape("a\nFAKE 12:00 INFO forged\r\tb"))
        .isEqualTo("a\\nFAKE 12:00 INFO forged\\r\\tb");
    assertThat(EscapingMessageConverter.escape("\u001b[2J\u007f\u0085\u2028")).isEqualTo("\\u001b[2J\\u007f\\u0085\\u2028");
    String plain = "Stripe event evt_1 credited account=acct_é amount=50.00 USD";
    assertThat(EscapingMessageConverter.escape(plain)).isSameAs(plain);
  }

  @Test
  void theTextLogThatShipsEscapesEveryMessage() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Appender<?> stdout = root.getAppender("STDOUT");
    assertThat(stdout).isInstanceOf(OutputStreamAppender.class);
    var encoder = (LayoutWrappingEncoder<ch.qos.logback.classic.spi.ILoggingEvent>)
        ((OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent>) stdout).getEncoder();
    LoggingEvent event = new LoggingEvent(getClass().getName(), root, Level.WARN,
        "refused {} from {}", null, new Object[] {"evt_\u0000\n12:00:00.000 INFO  forged", "10.0.0.1"});

    String line = encoder.getLayout().doLayout(event);

    assertThat(line).endsWith("refused evt_\\u0000\\n12:00:00.000 INFO  forged from 10.0.0.1" + System.lineSeparator());
    assertThat(line.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    assertThat(line).doesNotContain("\u0000");
  }
}
