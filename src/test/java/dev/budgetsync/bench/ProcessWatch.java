package dev.budgetsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The server process seen from {@code /proc}: resident memory sampled every 100 ms during a phase,
 * its lifetime peak ({@code VmHWM}), and the CPU time it used; beside it the CPU used by the
 * PostgreSQL backends serving the benchmark's database, by this load generator and by the whole
 * host, so a run on a shared machine shows how much it was shared. Linux only; without a pid, the
 * server figures are zero.
 */
final class ProcessWatch implements AutoCloseable {
  /** USER_HZ, 100 on every Linux this runs on ({@code getconf CLK_TCK}). */
  private static final double TICKS_PER_SECOND = 100.0;
  private final long pid;
  private final long cpuTicksAtStart;
  private final long selfTicksAtStart;
  private final long hostTicksAtStart;
  private final String database;
  private final Map<Long, Long> backendTicksAtStart;
  private final long startNanos;
  private final Thread sampler;
  private volatile long peakRssKb;
  private volatile boolean running = true;

  /** {@code database}: the PostgreSQL database whose backends count as the benchmark's, or null. */
  ProcessWatch(long pid, String database) {
    this.pid = pid;
    this.database = database;
    this.backendTicksAtStart = backendTicks();
    this.cpuTicksAtStart = cpuTicks(pid);
    this.selfTicksAtStart = clientTicks();
    this.hostTicksAtStart = hostTicks();
    this.startNanos = System.nanoTime();
    this.sampler = new Thread(this::sample, "rss-sampler");
    sampler.setDaemon(true);
    if (pid > 0) {
      sampler.start();
    }
  }

  private void sample() {
    while (running) {
      peakRssKb = Math.max(peakRssKb, statusKb("VmRSS"));
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The largest VmRSS sampled since this watch started, in MiB. */
  double peakRssMb() {
    return Math.max(peakRssKb, statusKb("VmRSS")) / 1024.0;
  }

  /** VmHWM: the process's peak resident set since it started, in MiB. */
  double hwmMb() {
    return statusKb("VmHWM") / 1024.0;
  }

  /** Average CPU cores the server used since this watch started (user + system). */
  double cpuCores() {
    return pid <= 0 ? 0 : cores(cpuTicks(pid) - cpuTicksAtStart);
  }

  /**
   * Average CPU cores used since this watch started by the local PostgreSQL backends connected to
   * the benchmark's database (their process title names it). Other work on the same database counts too.
   */
  double databaseCpuCores() {
    long ticks = 0;
    for (Map.Entry<Long, Long> backend : backendTicks().entrySet()) {
      ticks += backend.getValue() - backendTicksAtStart.getOrDefault(backend.getKey(), 0L);
    }
    return cores(ticks);
  }

  private Map<Long, Long> backendTicks() {
    Map<Long, Long> ticks = new HashMap<>();
    if (database == null) {
      return ticks;
    }
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
        try {
          String title = new String(Files.readAllBytes(p.resolve("cmdline")), UTF_8);
          if (title.startsWith("postgres: ") && database.equals(databaseOf(title))) {
            long backend = Long.parseLong(p.getFileName().toString());
            ticks.put(backend, cpuTicks(backend));
          }
        } catch (IOException | RuntimeException e) {
          // the process ended while we looked
        }
      });
    } catch (IOException e) {
      return ticks;
    }
    return ticks;
  }

  /**
   * The database in a backend's process title, {@code "postgres: [cluster: ]<user> <database> <client> <state>"}:
   * the word before the client address ({@code 127.0.0.1(51234)} or {@code [local]}); null for other processes.
   */
  private static String databaseOf(String title) {
    String[] words = title.replace('\0', ' ').trim().split(" +");
    for (int i = 2; i < words.length; i++) {
      if (words[i].endsWith(")") && words[i].contains("(") || words[i].equals("[local]")) {
        return words[i - 1];
      }
    }
    return null;
  }

  /** Average CPU cores this load generator (and wrk, when it sends) used since this watch started. */
  double clientCpuCores() {
    return cores(clientTicks() - selfTicksAtStart);
  }

  /** Average CPU cores busy on the whole host since this watch started (everything but idle and iowait). */
  double hostCpuCores() {
    return cores(hostTicks() - hostTicksAtStart);
  }

  private double cores(long ticks) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return seconds <= 0 ? 0 : ticks / TICKS_PER_SECOND / seconds;
  }

  private long statusKb(String field) {
    if (pid <= 0) {
      return 0;
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  private static long cpuTicks(long pid) {
    return ticks(pid, false);
  }

  /** This JVM's CPU and that of the children it waited for (wrk, when it sends the load). */
  private static long clientTicks() {
    return ticks(ProcessHandle.current().pid(), true);
  }

  private static long ticks(long pid, boolean withChildren) {
    if (pid <= 0) {
      return 0;
    }
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      // Fields after the parenthesised command name: utime, stime, cutime, cstime are fields 14 to 17.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return withChildren ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long hostTicks() {
    try {
      // cpu  user nice system idle iowait irq softirq steal ...
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i <= 8 && i < fields.length; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(fields[i]);
        }
      }
      return busy;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
