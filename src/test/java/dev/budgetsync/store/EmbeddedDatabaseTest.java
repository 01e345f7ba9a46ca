package dev.budgetsync.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded PostgreSQL, as a machine without a server starts it: real binaries, unpacked beside
 * the data directory rather than into the system's temporary directory, and a database of its own.
 */
class EmbeddedDatabaseTest {

  @Test
  void itsBinariesAndDataStayUnderTheDataDirectoryAndItHasItsOwnDatabase(@TempDir Path data) throws Exception {
    // zonky makes an empty tmp/embedded-pg whatever it is told; what matters is that nothing lands in it.
    Path tmpDefault = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg");
    FileTime started = FileTime.from(Instant.now().minusSeconds(1));
    Path dataDir = data.resolve("postgres");

    try (DatabaseServer server = DatabaseServer.embedded(dataDir, "budget_sync")) {
      assertThat(server.connectOptions().getDatabase()).isEqualTo("budget_sync");
      assertThat(server.describe()).startsWith("embedded, data in " + dataDir);
      Migrations.migrate(server.connectOptions(), "budget_sync",
          new dev.budgetsync.config.AccountSettings("default", "usd", false, java.util.List.of(50, 80, 100)));
    }

    Path binaries = DatabaseServer.binariesDirectory(dataDir);
    assertThat(binaries).isEqualTo(data.resolve("postgres-binaries"));
    try (Stream<Path> files = Files.walk(binaries)) {
      assertThat(files.anyMatch(f -> f.getFileName().toString().equals("pg_ctl"))).as("pg_ctl under " + binaries)
          .isTrue();
    }
    assertThat(dataDir.resolve("PG_VERSION")).exists();
    if (Files.isDirectory(tmpDefault)) {
      try (Stream<Path> files = Files.walk(tmpDefault)) {
        assertThat(files.filter(Files::isRegularFile).filter(f -> modifiedSince(f, started)))
            .as("nothing unpacked into " + tmpDefault).isEmpty();
      }
    }
  }

  private static boolean modifiedSince(Path file, FileTime time) {
    try {
      return Files.getLastModifiedTime(file).compareTo(time) >= 0;
    } catch (IOException e) {
      return false;
    }
  }
}
