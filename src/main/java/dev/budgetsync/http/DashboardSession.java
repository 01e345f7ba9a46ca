package dev.budgetsync.http;

import dev.budgetsync.config.Secrets;
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
 * sign-in form ({@code webroot/login.html}) posts the token once, in the body of {@code POST /} (never
 * in a URL, where proxies and browser history would keep it), and gets a cookie
 * {@code <expiry>.<HMAC-SHA256 of the expiry keyed with the token>} and a redirect to the page. The cookie is HttpOnly (page scripts never see it), SameSite=Strict (no other
 * site can make the browser send it), Secure behind HTTPS, and lasts {@link #LIFETIME}. It holds no
 * token, only proof that its holder had one: a new {@code ADMIN_TOKEN} ends every session. It is
 * checked by {@link BearerAuth}, which admits it for reads only.
 */
final class DashboardSession {
  static final String COOKIE = "budget_sync_session";
  static final String TOKEN_PARAM = "token";
  static final Duration LIFETIME = Duration.ofHours(12);
  private static final String LOGIN_PAGE = loginPage();

  private final String token;
  private final SecretKeySpec key;
  private final Clock clock;

  DashboardSession(String token, Clock clock) {
    this.token = token;
    this.key = new SecretKeySpec(token.getBytes(UTF_8), "HmacSHA256");
    this.clock = clock;
  }

  /** {@code POST /}: the sign-in form, the one request without a token or session that reaches a route. */
  static boolean isLogin(RoutingContext ctx) {
    return "/".equals(ctx.normalizedPath()) && ctx.request().method() == HttpMethod.POST;
  }

  /**
   * The sign-in form's {@code POST /} (its body read by a BodyHandler): with the right token, sets the
   * cookie and redirects (303) to the page, keeping its query ({@code ?account=...}); else the form again.
   */
  void logIn(RoutingContext ctx) {
    List<String> given = ctx.request().formAttributes().getAll(TOKEN_PARAM);
    if (given.size() != 1 || !Secrets.constantTimeEquals(token, given.get(0))) {
      askForToken(ctx, "That is not the token this service was started with.");
      return;
    }
    long expiry = clock.instant().plus(LIFETIME).getEpochSecond();
    HttpServerRequest request = ctx.request();
    boolean https = request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    ctx.response().addCookie(Cookie.cookie(COOKIE, value(expiry)).setPath("/").setHttpOnly(true)
        .setSameSite(CookieSameSite.STRICT).setSecure(https).setMaxAge(LIFETIME.toSeconds()));
    // 303 to the same page without the token: it leaves the address bar, the history and any Referer.
    ctx.response().setStatusCode(303).putHeader("Location", "/" + query(ctx))
        .putHeader("Cache-Control", "no-store").putHeader("Referrer-Policy", "no-referrer").end();
  }

  /** True for an unexpired cookie minted with this token. */
  boolean isValid(Cookie cookie) {
    String value = cookie == null ? null : cookie.getValue();
    int dot = value == null ? -1 : value.indexOf('.');
    if (dot < 1 || dot > 12 || !value.substring(0, dot).chars().allMatch(Character::isDigit)) {
      return false;
    }
    long expiry = Long.parseLong(value.substring(0, dot));
    return expiry > clock.instant().getEpochSecond()
        && MessageDigest.isEqual(value(expiry).getBytes(UTF_8), value.getBytes(UTF_8));
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

  String value(long expiry) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] proof = mac.doFinal(("budget-sync dashboard session " + expiry).getBytes(UTF_8));
      return expiry + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(proof);
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
