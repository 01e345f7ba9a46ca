package dev.budgetsync.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one phase saw: a latency per answered request, answers by HTTP status, connection errors,
 * and which requests were acknowledged. Confined to the load generator's event loop.
 */
final class Recorder {
  private final long[] latencies;
  private final boolean[] acked;
  private final Map<String, Integer> errors = new TreeMap<>();
  private int count;
  private int ackedCount;
  private int unexpected;
  private long startNanos;
  private long endNanos;
  private long maxSendLagNanos;

  Recorder(int capacity) {
    latencies = new long[capacity];
    acked = new boolean[capacity];
  }

  void start() {
    startNanos = System.nanoTime();
  }

  void end() {
    endNanos = System.nanoTime();
  }

  /** {@code status} 0 means no HTTP answer (connection refused, reset, timed out). */
  void record(int index, int status, long latencyNanos, boolean expectedBody) {
    latencies[count++] = latencyNanos;
    if (status == 200) {
      acked[index] = true;
      ackedCount++;
      if (!expectedBody) {
        unexpected++;
      }
    } else {
      errors.merge(status == 0 ? "conn" : String.valueOf(status), 1, Integer::sum);
    }
  }

  /** A phase measured outside this JVM (by wrk): how long it ran. */
  void measured(long durationNanos) {
    startNanos = 0;
    endNanos = durationNanos;
  }

  /** One answer's latency, measured outside this JVM. */
  void latency(long latencyNanos) {
    latencies[count++] = latencyNanos;
  }

  /** Request {@code index} was answered 200 (again, when a phase sends its events more than once). */
  void acked(int index, boolean expectedBody) {
    acked[index] = true;
    ackedCount++;
    if (!expectedBody) {
      unexpected++;
    }
  }

  void errors(String status, int n) {
    errors.merge(status, n, Integer::sum);
  }

  void sendLag(long lagNanos) {
    maxSendLagNanos = Math.max(maxSendLagNanos, lagNanos);
  }

  boolean acked(int index) {
    return acked[index];
  }

  int answered() {
    return count;
  }

  int ackedCount() {
    return ackedCount;
  }

  /** 200 answers whose body was not the expected outcome (e.g. {@code credited} for a fresh event). */
  int unexpected() {
    return unexpected;
  }

  int errorCount() {
    return errors.values().stream().mapToInt(Integer::intValue).sum();
  }

  String errorsText() {
    if (errors.isEmpty()) {
      return "none";
    }
    StringBuilder text = new StringBuilder();
    errors.forEach((status, n) -> text.append(text.length() == 0 ? "" : " ").append(status).append('=').append(n));
    return text.toString();
  }

  double seconds() {
    return (endNanos - startNanos) / 1e9;
  }

  double ackedPerSecond() {
    return ackedCount / seconds();
  }

  double maxSendLagMs() {
    return maxSendLagNanos / 1e6;
  }

  /** Percentiles in milliseconds, nearest-rank, over every answered request. */
  double[] percentilesMs(double... quantiles) {
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    double[] result = new double[quantiles.length];
    for (int i = 0; i < quantiles.length; i++) {
      if (count == 0) {
        result[i] = Double.NaN;
      } else {
        int rank = (int) Math.ceil(quantiles[i] * count) - 1;
        result[i] = sorted[Math.max(0, Math.min(count - 1, rank))] / 1e6;
      }
    }
    return result;
  }
}
