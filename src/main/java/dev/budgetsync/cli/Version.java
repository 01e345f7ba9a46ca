package dev.budgetsync.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code --version}: the build's version (filled in by Maven), and the Java it runs on. */
final class Version implements IVersionProvider {
  static final String RESOURCE = "/budget-sync-version.properties";

  @Override
  public String[] getVersion() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    }
    return new String[] {
        "budget-sync " + properties.getProperty("version", "(version unknown: not built by Maven)"),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
  }
}
