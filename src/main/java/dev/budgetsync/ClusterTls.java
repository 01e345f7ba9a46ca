package dev.budgetsync;

import io.vertx.core.net.PfxOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Collections;

/**
 * {@code CLUSTER_TLS_KEYSTORE} and {@code CLUSTER_TLS_KEYSTORE_PASSWORD}: the PKCS#12 keystore that
 * every member of the cluster shares, checked before Vert.x starts so that a keystore that cannot
 * work stops the start with a message naming the key instead of splitting the cluster silently.
 */
final class ClusterTls {
  private ClusterTls() {
  }

  /** The shared keystore as key and trust options, or null when {@code keystore} is empty (no TLS). */
  static PfxOptions keystore(String keystore, String password) {
    if (keystore.isEmpty()) {
      if (!password.isEmpty()) {
        throw new IllegalArgumentException("configuration CLUSTER_TLS_KEYSTORE_PASSWORD is set but CLUSTER_TLS_KEYSTORE"
            + " is not");
      }
      return null;
    }
    if (!Files.isReadable(Path.of(keystore))) {
      throw new IllegalArgumentException("configuration CLUSTER_TLS_KEYSTORE names no readable file: " + keystore);
    }
    if (password.isEmpty()) {
      throw new IllegalArgumentException("configuration CLUSTER_TLS_KEYSTORE_PASSWORD is required with"
          + " CLUSTER_TLS_KEYSTORE");
    }
    requireKeyAndTrust(keystore, password);
    return new PfxOptions().setPath(keystore).setPassword(password);
  }

  /**
   * The keystore must open with the password and hold both the members' key and their certificate
   * as a trusted entry: Vert.x trusts only trusted entries, so without one every member would refuse
   * every other, and the cluster would fall apart without a word at start-up.
   */
  private static void requireKeyAndTrust(String keystore, String password) {
    KeyStore store;
    try (InputStream in = Files.newInputStream(Path.of(keystore))) {
      store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("configuration CLUSTER_TLS_KEYSTORE is not a PKCS#12 keystore that"
          + " CLUSTER_TLS_KEYSTORE_PASSWORD opens", e);
    }
    try {
      boolean key = false;
      boolean trusted = false;
      for (String alias : Collections.list(store.aliases())) {
        key |= store.isKeyEntry(alias);
        trusted |= store.isCertificateEntry(alias);
      }
      if (!key || !trusted) {
        throw new IllegalArgumentException("configuration CLUSTER_TLS_KEYSTORE must hold the members' private key"
            + " and their certificate as a trusted entry (docs/cluster.md shows the keytool commands)");
      }
    } catch (KeyStoreException e) {
      throw new IllegalArgumentException("configuration CLUSTER_TLS_KEYSTORE cannot be read", e);
    }
  }
}
