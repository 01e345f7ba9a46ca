package dev.budgetsync.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Access to Stripe's API: {@code STRIPE_SECRET_KEY}, {@code STRIPE_API_BASE} and
 * {@code STRIPE_RECONCILE_INTERVAL_MINUTES}. Without a key nothing calls the API.
 *
 * @param secretKey                 {@code sk_...} or restricted {@code rk_...}; empty when not configured
 * @param reconcileIntervalMinutes  minutes between scheduled reconciliations; 0 off
 */
public record StripeApiSettings(String secretKey, URI apiBase, int reconcileIntervalMinutes) {
  public static final String STRIPE = "https://api.stripe.com";

  /** Validates what was configured; {@code livemode} is STRIPE_LIVEMODE, which the key's mode must match. */
  static StripeApiSettings of(String key, String base, int intervalMinutes, boolean livemode) {
    if (!key.isEmpty() && !key.matches("(sk|rk)_[A-Za-z0-9_]{8,}")) {
      throw invalid("STRIPE_SECRET_KEY", "must be a secret key sk_... or a restricted key rk_...");
    }
    boolean liveKey = key.startsWith("sk_live_") || key.startsWith("rk_live_");
    boolean testKey = key.startsWith("sk_test_") || key.startsWith("rk_test_");
    if (liveKey && !livemode || testKey && livemode) {
      // Every event it reads would be stored as ignored, for the other mode: refused before it happens.
      throw invalid("STRIPE_SECRET_KEY", "is a " + (liveKey ? "live" : "test") + "-mode key but STRIPE_LIVEMODE is "
          + livemode);
    }
    return new StripeApiSettings(key, apiBase(base.isEmpty() ? STRIPE : base), intervalMinutes);
  }

  public boolean configured() {
    return !secretKey.isEmpty();
  }

  /** Whether the service reconciles on its own: a key, and an interval. */
  public boolean scheduled() {
    return configured() && reconcileIntervalMinutes > 0;
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "StripeApiSettings[secretKey=" + (configured() ? secretKey.substring(0, 3) + "***" : "") + ", apiBase="
        + apiBase + ", reconcileIntervalMinutes=" + reconcileIntervalMinutes + "]";
  }

  private static URI apiBase(String base) {
    try {
      URI uri = new URI(base.replaceAll("/+$", ""));
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
          || uri.getQuery() != null || uri.getFragment() != null) {
        throw invalid("STRIPE_API_BASE", "must be an http(s) URL such as " + STRIPE);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw invalid("STRIPE_API_BASE", "must be an http(s) URL such as " + STRIPE);
    }
  }

  private static IllegalArgumentException invalid(String key, String why) {
    return new IllegalArgumentException("configuration " + key + " " + why);
  }
}
