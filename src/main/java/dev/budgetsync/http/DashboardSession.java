package dev.budgetsync.http;

import dev.budgetsync.billing.Access;
import dev.budgetsync.bus.ErrorType;
import dev.budgetsync.bus.ServiceError;
import dev.budgetsync.domain.KeySecrets;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The dashboard's browser session. A browser cannot send a bearer header when it navigates, so the
 * sign-in form ({@code webroot/login.html}) posts a key once ({@code ADMIN_TOKEN} or an API key of any
 * scope), in the body of {@code POST /} (never in a URL, where proxies and browser history would keep
 * it), and gets a cookie {@code <expiry>.<SHA-256 of the key>.<HMAC-SHA256 of both keyed with ADMIN_TOKEN>}
 * and a redirect to the page. The cookie is HttpOnly (page scripts never see it), SameSite=Strict (no
 * other site can make the browser send it), Secure behind HTTPS, and lasts {@link #LIFETIME}. It holds
 * no key, only its hash, which {@link BearerAuth} has {@code Access} look up on every request like a
 * key (so a read key's session sees its accounts only, and a revoked key's session ends); a new
 * {@code ADMIN_TOKEN} ends every session. It is admitted for reads only.
 */
final class DashboardSession {
  static final String COOKIE = "budget_sync_session";
  static final String TOKEN_PARAM = "token";
  static final Duration LIFETIME = Duration.ofHours(12);
  private static final String REFUSED = "That is not the token of this service, nor one of its keys.";
  private static final String LOGIN_PAGE = loginPage();

  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
  private final Access access;
  private final SecretKeySpec key;
  private final Clock clock;

  DashboardSession(String adminToken, Access access, Clock clock) {
    this.access = access;
    this.key = new SecretKeySpec(adminToken.getBytes(UTF_8), "HmacSHA256");
    this.clock = clock;
  }

  /** {@code POST /}: the sign-in form, the one request without a token or session that reaches a route. */
  static boolean isLogin(RoutingContext ctx) {
    return "/".equals(ctx.normalizedPath()) && ctx.request().method() == HttpMethod.POST;
  }

  /**
   * The sign-in form's {@code POST /} (its body read by a BodyHandler): with a valid key, sets the
   * cookie and redirects (303) to the page, keeping its query ({@code ?account=...}); else the form again.
   */
  void logIn(RoutingContext ctx) {
    List<String> given = ctx.request().formAttributes().getAll(TOKEN_PARAM);
    if (given.size() != 1) {
      askForToken(ctx, REFUSED);
      return;
    }
    access.authenticate(given.get(0)).onSuccess(caller -> signedIn(ctx, KeySecrets.hash(given.get(0))))
        .onFailure(error -> {
          if (error instanceof ServiceError refusal && refusal.type() == ErrorType.UNAUTHORIZED) {
            askForToken(ctx, REFUSED);
          } else {
            ctx.fail(error);
          }
        });
  }

  private void signedIn(RoutingContext ctx, byte[] keyHash) {
    long expiry = clock.instant().plus(LIFETIME).getEpochSecond();
    HttpServerRequest request = ctx.request();
    boolean https = request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    ctx.response().addCookie(Cookie.cookie(COOKIE, value(expiry, BASE64.encodeToString(keyHash))).setPath("/").setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT).setSecure(https).setMaxAge(LIFETIME.toSeconds()));
    // 303 to the same page without the token: it leaves the address bar, the history and any Referer.
    ctx.response().setStatusCode(303).putHeader("Location", "/" + query(ctx))
        .putHeader("Cache-Control", "no-store").putHeader("Referrer-Policy", "no-referrer").end();
  }

  /** The hash of the key an unexpired cookie minted by this service was signed in with; else null. */
  byte[] keyHash(Cookie cookie) {
    String value = cookie == null ? null : cookie.getValue();
    String[] parts = value == null ? new String[0] : value.split("\\.", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[0].length() > 12
        || !parts[0].chars().allMatch(Character::isDigit) || !parts[1].matches("[A-Za-z0-9_-]{43}")) {
      return null;
    }
    long expiry = Long.parseLong(parts[0]);
    boolean valid = expiry > clock.instant().getEpochSecond()
        && MessageDigest.isEqual(value(expiry, parts[1]).getBytes(UTF_8), value.getBytes(UTF_8));
    return valid ? Base64.getUrlDecoder().decode(parts[1]) : null;
  }

  /** A browser opening the dashboard without a session gets a small form that asks for the token. */
  static boolean wantsPage(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    return "/".equals(ctx.normalizedPath()) && accept != null && accept.contains("text/html");
  }

  /** The sign-in form, with {@code message} (null for none) above it. */
  static void askForToken(RoutingContext ctx, String message) {
    String page = LOGIN_PAGE.replace("<!--message-->",
        message == null ? "" : "<p class=\"error\" role=\"alert\">" + message + "</p>");
    ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer")
        .putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
        .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
        .end(page);
  }

  private static String loginPage() {
    try (InputStream in = DashboardSession.class.getResourceAsStream("/webroot/login.html")) {
      if (in == null) {
        throw new IllegalStateException("webroot/login.html is not on the classpath");
      }
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String value(long expiry, String keyHash) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] proof = mac.doFinal(("budget-sync dashboard session " + expiry + "." + keyHash).getBytes(UTF_8));
      return expiry + "." + keyHash + "." + BASE64.encodeToString(proof);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** The page's own query, re-encoded: only what the page reads, so the redirect never carries anything else. */
  private static String query(RoutingContext ctx) {
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    for (Map.Entry<String, String> param : ctx.queryParams()) {
      if (Dashboard.PAGE_PARAMS.contains(param.getKey())) {
        query.add(URLEncoder.encode(param.getKey(), UTF_8) + "=" + URLEncoder.encode(param.getValue(), UTF_8));
      }
    }
    return query.toString();
  }
}
