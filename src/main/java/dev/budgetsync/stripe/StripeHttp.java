package dev.budgetsync.stripe;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * GET requests to Stripe's API with Stripe's rules: {@code Authorization: Bearer}, a pinned
 * {@code Stripe-Version}, each request timed out; 409, 429, 5xx and network failures retried after
 * {@code Retry-After} or a jittered backoff, unless {@code Stripe-Should-Retry} says otherwise
 * (it wins either way); 401 and 403 never retried. Non-blocking: waits are timers.
 */
final class StripeHttp {
  private static final Logger LOG = LoggerFactory.getLogger(StripeHttp.class);
  /** Keys that Stripe echoes in error messages (masked, but still not ours to spread). */
  private static final Pattern KEY = Pattern.compile("\\b(sk|rk|pk)_[A-Za-z0-9_*]+");
  private static final String USER_AGENT = "budget-sync (Vert.x web client)";

  private final Vertx vertx;
  private final WebClient client;
  private final String authorization;
  private final String base;
  private final Retries retries;

  StripeHttp(Vertx vertx, WebClient client, String secretKey, URI base, Retries retries) {
    this.vertx = vertx;
    this.client = client;
    this.authorization = "Bearer " + secretKey;
    this.base = base.toString().replaceAll("/+$", "");
    this.retries = retries;
  }

  /** The body of a 2xx answer to {@code GET path?query}, after the retries the answers allow. */
  Future<Buffer> get(String path, List<Map.Entry<String, String>> query) {
    Promise<Buffer> result = Promise.promise();
    attempt(path, query, 1, result);
    return result.future();
  }

  private void attempt(String path, List<Map.Entry<String, String>> query, int attempt, Promise<Buffer> result) {
    HttpRequest<Buffer> request = client.getAbs(base + path)
        .putHeader("Authorization", authorization)
        .putHeader("Stripe-Version", StripeApi.API_VERSION)
        .putHeader("User-Agent", USER_AGENT)
        .timeout(retries.requestTimeoutMs());
    query.forEach(param -> request.addQueryParam(param.getKey(), param.getValue()));
    request.send().onComplete(sent -> {
      if (sent.failed()) {
        Throwable failure = sent.cause();
        String cause = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        retryOrFail(path, query, attempt, result, -1, new StripeApiException(StripeApiException.Kind.UNREACHABLE, 0,
            "the Stripe API at " + base + " could not be reached for GET " + path + ": " + cause));
        return;
      }
      HttpResponse<Buffer> response = sent.result();
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        result.complete(response.body() == null ? Buffer.buffer() : response.body());
        return;
      }
      StripeApiException error = errorOf(path, response);
      String shouldRetry = response.getHeader("Stripe-Should-Retry");
      boolean retryable = error.kind() == StripeApiException.Kind.UNREACHABLE;
      if (status != 401 && status != 403 && shouldRetry != null) {
        retryable = Boolean.parseBoolean(shouldRetry);
      }
      if (!retryable) {
        result.fail(error);
        return;
      }
      retryOrFail(path, query, attempt, result, retryAfterMs(response), error);
    });
  }

  private void retryOrFail(String path, List<Map.Entry<String, String>> query, int attempt, Promise<Buffer> result,
                           long retryAfterMs, StripeApiException error) {
    if (attempt >= retries.attempts()) {
      result.fail(new StripeApiException(error.kind(), error.status(),
          error.getMessage() + " (gave up after " + attempt + " attempts)"));
      return;
    }
    long waitMs = retryAfterMs >= 0 ? retryAfterMs : backoffMs(attempt);
    LOG.warn("{}; retrying in {} ms (attempt {} of {})", error.getMessage(), waitMs, attempt + 1,
        retries.attempts());
    vertx.setTimer(Math.max(1, waitMs), timer -> attempt(path, query, attempt + 1, result));
  }

  /** Half the exponential step, plus a random part of the other half. */
  private long backoffMs(int attempt) {
    long step = Math.min(retries.maxBackoffMs(), retries.firstBackoffMs() << Math.min(attempt - 1, 20));
    return step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
  }

  /** {@code Retry-After} in seconds, capped; -1 when absent or given as a date. */
  private long retryAfterMs(HttpResponse<Buffer> response) {
    String header = response.getHeader("Retry-After");
    if (header == null || !header.trim().matches("\\d{1,6}")) {
      return -1;
    }
    return Math.min(retries.maxRetryAfterMs(), Long.parseLong(header.trim()) * 1000);
  }

  private StripeApiException errorOf(String path, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    String detail = stripeError(response);
    if (status == 401) {
      return new StripeApiException(StripeApiException.Kind.KEY_REJECTED, status,
          "Stripe rejected STRIPE_SECRET_KEY (401" + detail + ")");
    }
    if (status == 403) {
      return new StripeApiException(StripeApiException.Kind.PERMISSION_DENIED, status,
          "STRIPE_SECRET_KEY may not read GET " + path + " (403" + detail + ")");
    }
    StripeApiException.Kind kind = status == 409 || status == 429 || status >= 500
        ? StripeApiException.Kind.UNREACHABLE : StripeApiException.Kind.REFUSED;
    return new StripeApiException(kind, status, "the Stripe API answered GET " + path + " with " + status + detail);
  }

  /** {@code ": type: message"} from Stripe's error body, keys masked; empty when the body is not one. */
  private static String stripeError(HttpResponse<Buffer> response) {
    try {
      JsonObject body = response.body() == null ? null : new JsonObject(response.body());
      JsonObject error = body == null ? null : body.getJsonObject("error");
      if (error == null) {
        return "";
      }
      String type = error.getString("type", "error");
      String message = error.getString("message");
      return ": " + type + (message == null ? "" : ": " + KEY.matcher(message).replaceAll("$1_***"));
    } catch (DecodeException | ClassCastException e) {
      return "";
    }
  }
}
