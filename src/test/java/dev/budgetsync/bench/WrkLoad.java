package dev.budgetsync.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
  private static final Path SPEND_SCRIPT = Path.of("bench/wrk-spend.lua");

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
    List<String> output = wrk(SCRIPT, baseUrl, concurrency, seconds, eventsFile.toString(), ackedFile.toString(),
        cycle ? "cycle" : "once");
    Recorder recorder = recorderOf(output, events, Files.readAllLines(ackedFile, UTF_8), expect);
    if (!cycle && recorder.answered() >= indexes.length) {
      throw new IOException("wrk ran out of events before " + seconds + " s: give the phase a larger n");
    }
    Files.delete(eventsFile);
    Files.delete(ackedFile);
    Files.delete(dir);
    return recorder;
  }

  /**
   * New agent spends ({@code bench/wrk-spend.lua}) for {@code seconds}: request n on account
   * {@code <prefix><n % k>}, Idempotency-Key {@code <tag>-<n>}. wrk cannot tell which request an
   * answer belongs to, so the answers are counted: the database check holds the count of spends
   * stored under the tag against the count acknowledged.
   */
  static Recorder spend(String baseUrl, String token, String tag, int k, String prefix, int concurrency, long seconds)
      throws IOException, InterruptedException {
    List<String> output = wrk(SPEND_SCRIPT, baseUrl, concurrency, seconds, token, tag, String.valueOf(k), prefix);
    Parsed parsed = parse(output);
    int unexpected = output.stream().filter(line -> line.startsWith("unexpected "))
        .mapToInt(line -> Integer.parseInt(line.substring("unexpected ".length()))).sum();
    Recorder recorder = parsed.recorder(parsed.answered());
    int ok = parsed.statuses().getOrDefault("200", 0);
    for (int j = 0; j < ok; j++) {
      recorder.acked(j, j >= unexpected);
    }
    parsed.errorsTo(recorder);
    return recorder;
  }

  private static List<String> wrk(Path script, String baseUrl, int concurrency, long seconds, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + concurrency, "-d" + seconds + "s",
        "--timeout", "30s", "-s", script.toString(), baseUrl, "--"));
    command.addAll(List.of(args));
    Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = new String(wrk.getInputStream().readAllBytes(), UTF_8).lines().toList();
    if (!wrk.waitFor(seconds + 60, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
      throw new IOException("wrk failed: " + String.join("\n", output));
    }
    return output;
  }

  /** What wrk printed: latency at every 0.1th percentile (microseconds), answers by status, socket errors. */
  private record Parsed(long[] perMille, Map<String, Integer> statuses, long durationMicros, int socketErrors) {
    int answered() {
      return statuses.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** A recorder of {@code size} requests with one latency per answer, each the 0.1th percentile it falls in. */
    Recorder recorder(int size) {
      Recorder recorder = new Recorder(size);
      recorder.measured(durationMicros * 1000);
      int answered = answered();
      for (int j = 1; j <= answered; j++) {
        recorder.latency(perMille[(int) Math.ceil(1000.0 * j / answered)] * 1000);
      }
      return recorder;
    }

    void errorsTo(Recorder recorder) {
      statuses.forEach((status, n) -> {
        if (!status.equals("200")) {
          recorder.errors(status, n);
        }
      });
      if (socketErrors > 0) {
        recorder.errors("conn", socketErrors);
      }
    }
  }

  private static Parsed parse(List<String> output) throws IOException {
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
    return new Parsed(perMille, statuses, durationMicros, socketErrors);
  }

  private static Recorder recorderOf(List<String> output, SignedEvents events, List<String> acked, String expect)
      throws IOException {
    Parsed parsed = parse(output);
    Map<String, Integer> indexOf = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      indexOf.put(events.ids[i], i);
    }
    Recorder recorder = parsed.recorder(Math.max(events.size(), parsed.answered()));
    for (String line : acked) {
      String[] f = line.split("\t");
      Integer index = indexOf.get(f[0]);
      if (index == null) {
        throw new IOException("wrk acknowledged an event it was not given: " + line);
      }
      recorder.acked(index, f.length > 1 && f[1].equals(expect));
    }
    parsed.errorsTo(recorder);
    return recorder;
  }
}
