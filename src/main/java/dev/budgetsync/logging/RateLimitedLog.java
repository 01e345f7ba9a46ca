package dev.budgetsync.logging;

import org.slf4j.Logger;

import java.util.Arrays;

/**
 * A WARN line that a client can cause (a bad signature, a malformed bridge frame, a refused bus
 * message): at most one per interval, so a flood of them cannot flood the log. The line after a
 * quiet spell says how many like it were left out since the last one. Safe from any thread.
 */
public final class RateLimitedLog {
  private final Logger log;
  private final long intervalNanos;
  private long lastLine;
  private long suppressed;
  private boolean started;

  public RateLimitedLog(Logger log, long intervalMillis) {
    this.log = log;
    this.intervalNanos = intervalMillis * 1_000_000;
  }

  /** Logs {@code format} (SLF4J placeholders) unless a line went out less than the interval ago. */
  public void warn(String format, Object... arguments) {
    long left;
    synchronized (this) {
      long now = System.nanoTime();
      if (started && now - lastLine < intervalNanos) {
        suppressed++;
        return;
      }
      started = true;
      lastLine = now;
      left = suppressed;
      suppressed = 0;
    }
    if (left == 0) {
      log.warn(format, arguments);
    } else {
      Object[] withCount = Arrays.copyOf(arguments, arguments.length + 1);
      withCount[arguments.length] = left;
      log.warn(format + " ({} more like it since the last line)", withCount);
    }
  }
}
