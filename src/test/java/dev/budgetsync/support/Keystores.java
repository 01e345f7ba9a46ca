package dev.budgetsync.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** PKCS#12 keystores for the cluster's TLS, made with the JDK's keytool as docs/cluster.md makes them. */
public final class Keystores {
  private Keystores() {
  }

  /** An EC key pair with its self-signed certificate, and that certificate again as a trusted entry. */
  public static Path shared(Path dir, String name, String password) throws Exception {
    Path file = keyOnly(dir, name, password);
    Path certificate = dir.resolve(name + ".crt");
    keytool("-exportcert", "-alias", "member", "-keystore", file.toString(), "-storepass", password, "-file",
        certificate.toString());
    keytool("-importcert", "-noprompt", "-alias", "trusted", "-file", certificate.toString(), "-keystore",
        file.toString(), "-storepass", password);
    return file;
  }

  /** The key pair alone: what the first keytool command makes, not yet a keystore members can share. */
  public static Path keyOnly(Path dir, String name, String password) throws Exception {
    Path file = dir.resolve(name + ".p12");
    keytool("-genkeypair", "-alias", "member", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
        "CN=budget-sync-cluster", "-validity", "30", "-storetype", "PKCS12", "-keystore", file.toString(),
        "-storepass", password);
    return file;
  }

  private static void keytool(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
  }
}
