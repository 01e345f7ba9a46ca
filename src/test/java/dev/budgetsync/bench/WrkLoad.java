package dev.budgetsync.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The closed loop driven by wrk (a C client, {@code apt-get install wrk}) instead of this JVM: the
 * same pre-signed events, a tenth of the client CPU, so more of two cores is left to the service
 * and PostgreSQL. wrk walks the events once over {@code c} connections ({@code bench/wrk-closed.lua})
 * for at most {@code seconds}; what it answered feeds the same {@link Recorder} as the Java loops,
 * latencies from wrk's percentiles (every 0.1th, in microseconds).
 */
final class WrkLoad {
  private static final Path SCRIPT = Path.of("bench/wrk-closed.lua");

  private WrkLoad() {
  }

  /**
   * Sends {@code events} at {@code indexes}, in that order, each once, or over and over with
   * {@code cycle}; {@code expect} is the outcome of a right answer.
   */
  static Recorder closed(String baseUrl, SignedEvents events, int[] indexes, boolean cycle, int concurrency,
                         long seconds, String expect) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("budget-sync-wrk");
    Path eventsFile = dir.resolve("events.tsv");
    Path ackedFile = dir.resolve("acked.tsv");
    try (BufferedWriter out = Files.newBufferedWriter(eventsFile, UTF_8)) {
      for (int i : indexes) {
        out.write(events.headers[i]);
        out.write('\t');
        out.write(new String(events.bodies[i], UTF_8));
        out.write('\n');
      }
    }
    Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + concurrency, "-d" + seconds + "s", "--timeout", "30s",
        "-s", SCRIPT.toString(), baseUrl, "--", eventsFile.toString(), ackedFile.toString(), cycle ? "cycle" : "once")
        .redirectErrorStream(true).start();
    List<String> output = new String(wrk.getInputStream().readAllBytes(), UTF_8).lines().toList();
    if (!wrk.waitFor(seconds + 60, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
      throw new IOException("wrk failed: " + String.join("\n", output));
    }
    Recorder recorder = recorderOf(output, events, Files.readAllLines(ackedFile, UTF_8), expect);
    if (!cycle && recorder.answered() >= indexes.length) {
      throw new IOException("wrk ran out of events before " + seconds + " s: give the phase a larger n");
    }
    Files.delete(eventsFile);
    Files.delete(ackedFile);
    Files.delete(dir);
    return recorder;
  }

  private static Recorder recorderOf(List<String> output, SignedEvents events, List<String> acked, String expect)
      throws IOException {
    long[] perMille = new long[1001];
    Map<String, Integer> statuses = new HashMap<>();
    long durationMicros = -1;
    int socketErrors = 0;
    for (String line : output) {
      String[] f = line.split(" ");
      switch (f[0]) {
        case "latency_us" -> perMille[Integer.parseInt(f[1])] = Long.parseLong(f[2]);
        case "status" -> statuses.merge(f[1], Integer.parseInt(f[2]), Integer::sum);
        case "summary" -> {
          durationMicros = Long.parseLong(f[2]);
          for (int i = 6; i < f.length; i += 2) {
            socketErrors += Integer.parseInt(f[i]);
          }
        }
        default -> {
        }
      }
    }
    if (durationMicros < 0) {
      throw new IOException("wrk printed no summary: " + String.join("\n", output));
    }
    Map<String, Integer> indexOf = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      indexOf.put(events.ids[i], i);
    }
    int answered = statuses.values().stream().mapToInt(Integer::intValue).sum();
    Recorder recorder = new Recorder(Math.max(events.size(), answered));
    recorder.measured(durationMicros * 1000);
    // One latency per answer, each the 0.1th percentile it falls in: the Recorder's percentiles are wrk's.
    for (int j = 1; j <= answered; j++) {
      recorder.latency(perMille[(int) Math.ceil(1000.0 * j / answered)] * 1000);
    }
    for (String line : acked) {
      String[] f = line.split("\t");
      Integer index = indexOf.get(f[0]);
      if (index == null) {
        throw new IOException("wrk acknowledged an event it was not given: " + line);
      }
      recorder.acked(index, f.length > 1 && f[1].equals(expect));
    }
    statuses.forEach((status, n) -> {
      if (!status.equals("200")) {
        recorder.errors(status, n);
      }
    });
    if (socketErrors > 0) {
      recorder.errors("conn", socketErrors);
    }
    return recorder;
  }
}
