package dev.budgetsync.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One phase of a run, written {@code label:kind:key=value,...}, for example
 * {@code a:closed:n=60000,c=64,k=100} or {@code c:open:rate=1000,seconds=20,k=100}.
 *
 * <ul>
 *   <li>{@code closed}: {@code n} new events at concurrency {@code c}, accounts {@code <prefix>0..k-1}</li>
 *   <li>{@code wrk}: the closed loop sent by wrk instead of this JVM, for {@code seconds}, over at most
 *       {@code n} new events (each sent once); with {@code of}, the events acknowledged in that phase again</li>
 *   <li>{@code open}: new events at {@code rate}/s for {@code seconds}</li>
 *   <li>{@code dup}: the events acknowledged in phase {@code of}, delivered again at concurrency {@code c}</li>
 *   <li>{@code history}, {@code history-deep}, {@code ledger}, {@code status}: {@code n} admin reads at
 *       concurrency {@code c} over the preloaded rows</li>
 *   <li>{@code spend}: new agent spends ({@code POST /api/spend}, each its own Idempotency-Key) sent by wrk
 *       at concurrency {@code c} for {@code seconds}, on accounts {@code <prefix>0..k-1}</li>
 *   <li>{@code reserve}: reserve-then-settle cycles on {@code account} at concurrency {@code c} for
 *       {@code seconds}, after a top-up that covers them</li>
 *   <li>{@code check}: {@code GET /api/budget/check} of {@code account} at {@code rate}/s for {@code seconds}</li>
 *   <li>{@code analyze}: ANALYZE of the service's tables, as autovacuum would have run by then</li>
 * </ul>
 */
record Phase(String label, String kind, Map<String, String> options) {
  static final Set<String> KINDS = Set.of("closed", "wrk", "open", "dup", "history", "history-deep", "ledger", "status",
      "analyze", "spend", "reserve", "check");

  static Phase parse(String spec) {
    String[] parts = spec.split(":", 3);
    if (parts.length < 2 || !KINDS.contains(parts[1])) {
      throw new IllegalArgumentException(
          "phase must be label:kind[:key=value,...] with kind in " + KINDS + ": " + spec);
    }
    Map<String, String> options = new HashMap<>();
    if (parts.length == 3 && !parts[2].isEmpty()) {
      for (String pair : parts[2].split(",")) {
        String[] kv = pair.split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException("phase option must be key=value: " + pair);
        }
        options.put(kv[0], kv[1]);
      }
    }
    return new Phase(parts[0], parts[1], options);
  }

  int intOption(String key, int fallback) {
    String value = options.get(key);
    return value == null ? fallback : Integer.parseInt(value);
  }

  String option(String key, String fallback) {
    return options.getOrDefault(key, fallback);
  }

  /** A short description for the report, e.g. {@code closed n=60000 c=64 k=100}. */
  String describe() {
    StringBuilder text = new StringBuilder(kind);
    options.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> text.append(' ').append(e.getKey()).append('=').append(e.getValue()));
    return text.toString();
  }
}
