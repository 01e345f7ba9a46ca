package dev.budgetsync.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One entry of {@code NOTIFY_URLS}. The URL may carry a secret (a Slack webhook's path is one), so
 * it is only ever sent to; logs, metrics, the API and the database name the destination by its
 * {@code position} (1-based) and {@code host}, and the database keys it by a hash of the entry.
 *
 * @param slack true for a {@code slack+https://...} entry: Slack's incoming-webhook body
 */
public record NotifyDestination(int position, String url, boolean slack, String host, String key) {
  static final String SLACK_PREFIX = "slack+";

  /** Parses entry {@code position} of NOTIFY_URLS; the message names the entry, never its text. */
  static NotifyDestination parse(int position, String entry) {
    boolean slack = entry.startsWith(SLACK_PREFIX);
    String url = slack ? entry.substring(SLACK_PREFIX.length()) : entry;
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid(position);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw invalid(position);
    }
    return new NotifyDestination(position, url, slack, uri.getHost().toLowerCase(Locale.ROOT), sha256(entry));
  }

  /** {@code #2 hooks.slack.com}: how logs and the CLI name it. */
  public String label() {
    return "#" + position + " " + host;
  }

  private static IllegalArgumentException invalid(int position) {
    return new IllegalArgumentException("configuration NOTIFY_URLS entry " + position
        + " must be an http:// or https:// URL with a host, optionally prefixed with slack+");
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
