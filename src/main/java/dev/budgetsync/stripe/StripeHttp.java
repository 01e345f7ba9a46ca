package dev.budgetsync.stripe;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * GET requests to Stripe's API with Stripe's rules: {@code Authorization: Bearer}, a pinned
 * {@code Stripe-Version}; 409, 429, 5xx and network failures retried after {@code Retry-After} or a
 * jittered backoff, unless {@code Stripe-Should-Retry} says otherwise (it wins either way); 401 and
 * 403 never retried. And what a hostile or broken server must not do to us: a redirect is an error,
 * never followed (it would carry the key away); an answer larger than {@link #MAX_ANSWER_BYTES} is
 * dropped as it arrives; every attempt has a total deadline, however slowly the bytes trickle in.
 * Non-blocking: waits are timers.
 */
final class StripeHttp {
  private static final Logger LOG = LoggerFactory.getLogger(StripeHttp.class);
  /** Keys that Stripe echoes in error messages (masked, but still not ours to spread). */
  private static final Pattern KEY = Pattern.compile("\\b(sk|rk|pk)_[A-Za-z0-9_*]+");
  private static final String USER_AGENT = "budget-sync (Vert.x)";
  /** A list page of 100 events is about 1 MB; nothing Stripe sends us comes near this. */
  static final int MAX_ANSWER_BYTES = 32 * 1024 * 1024;

  private final Vertx vertx;
  private final HttpClient client;
  private final String authorization;
  private final String base;
  private final Retries retries;

  StripeHttp(Vertx vertx, HttpClient client, String secretKey, URI base, Retries retries) {
    this.vertx = vertx;
    this.client = client;
    this.authorization = "Bearer " + secretKey;
    this.base = base.toString().replaceAll("/+$", "");
    this.retries = retries;
  }

  /** An answer read whole (within its bound). */
  private record Answer(int status, MultiMap headers, Buffer body) {
  }

  /** The body of a 2xx answer to {@code GET path?query}, after the retries the answers allow. */
  Future<Buffer> get(String path, List<Map.Entry<String, String>> query) {
    Promise<Buffer> result = Promise.promise();
    attempt(path, uri(path, query), 1, result);
    return result.future();
  }

  private String uri(String path, List<Map.Entry<String, String>> query) {
    StringBuilder uri = new StringBuilder(base).append(path);
    for (int i = 0; i < query.size(); i++) {
      uri.append(i == 0 ? '?' : '&').append(URLEncoder.encode(query.get(i).getKey(), UTF_8)).append('=')
          .append(URLEncoder.encode(query.get(i).getValue(), UTF_8));
    }
    return uri.toString();
  }

  private void attempt(String path, String uri, int attempt, Promise<Buffer> result) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri)
        // Never: a redirect would take the bearer key wherever the answer points.
        .setFollowRedirects(false)
        .putHeader("Authorization", authorization)
        .putHeader("Stripe-Version", StripeApi.API_VERSION)
        .putHeader("User-Agent", USER_AGENT);
    Promise<Answer> answered = Promise.promise();
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    // A total deadline, not an idle timeout: a server that trickles a byte a second is cut off too.
    long deadline = vertx.setTimer(retries.requestTimeoutMs(), timer -> {
      if (answered.tryFail(new TimeoutException("no whole answer within " + retries.requestTimeoutMs() + " ms"))
          && sent.get() != null) {
        sent.get().reset();
      }
    });
    client.request(options).compose(request -> {
      sent.set(request);
      if (answered.future().isComplete()) {
        // The deadline passed while connecting: nothing is sent.
        request.reset();
        return Future.failedFuture("deadline passed");
      }
      return request.send();
    }).onComplete(response -> {
      if (response.failed()) {
        answered.tryFail(response.cause());
      } else {
        read(path, response.result(), answered);
      }
    });
    answered.future().onComplete(done -> {
      vertx.cancelTimer(deadline);
      if (done.failed()) {
        Throwable failure = done.cause();
        if (failure instanceof StripeApiException refused) {
          result.fail(refused);
          return;
        }
        String cause = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        retryOrFail(path, uri, attempt, result, -1, new StripeApiException(StripeApiException.Kind.UNREACHABLE, 0,
            "the Stripe API at " + base + " could not be reached for GET " + path + ": " + cause));
        return;
      }
      handle(path, uri, attempt, result, done.result());
    });
  }

  /** The answer's body, refused past {@link #MAX_ANSWER_BYTES} (declared or read) without keeping the rest. */
  private static void read(String path, HttpClientResponse response, Promise<Answer> answered) {
    String length = response.getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > MAX_ANSWER_BYTES) {
      tooLarge(path, response, answered);
      return;
    }
    Buffer body = Buffer.buffer();
    response.exceptionHandler(answered::tryFail);
    response.handler(chunk -> {
      if (body.length() + chunk.length() > MAX_ANSWER_BYTES) {
        tooLarge(path, response, answered);
      } else if (!answered.future().isComplete()) {
        body.appendBuffer(chunk);
      }
    });
    response.endHandler(end -> answered.tryComplete(new Answer(response.statusCode(), response.headers(), body)));
  }

  private static void tooLarge(String path, HttpClientResponse response, Promise<Answer> answered) {
    if (answered.tryFail(new StripeApiException(StripeApiException.Kind.MISBEHAVED, response.statusCode(),
        "the Stripe API answered GET " + path + " with more than " + MAX_ANSWER_BYTES / (1024 * 1024)
            + " MiB; the answer was dropped"))) {
      response.request().reset();
    }
  }

  private void handle(String path, String uri, int attempt, Promise<Buffer> result, Answer response) {
    int status = response.status();
    if (status >= 200 && status < 300) {
      result.complete(response.body());
      return;
    }
    StripeApiException error = errorOf(path, response);
    String shouldRetry = response.headers().get("Stripe-Should-Retry");
    boolean retryable = error.kind() == StripeApiException.Kind.UNREACHABLE;
    if (status != 401 && status != 403 && (status < 300 || status >= 400) && shouldRetry != null) {
      retryable = Boolean.parseBoolean(shouldRetry);
    }
    if (!retryable) {
      result.fail(error);
      return;
    }
    retryOrFail(path, uri, attempt, result, retryAfterMs(response), error);
  }

  private void retryOrFail(String path, String uri, int attempt, Promise<Buffer> result, long retryAfterMs,
                           StripeApiException error) {
    if (attempt >= retries.attempts()) {
      result.fail(new StripeApiException(error.kind(), error.status(),
          error.getMessage() + " (gave up after " + attempt + " attempts)"));
      return;
    }
    long waitMs = retryAfterMs >= 0 ? retryAfterMs : backoffMs(attempt);
    LOG.warn("{}; retrying in {} ms (attempt {} of {})", error.getMessage(), waitMs, attempt + 1,
        retries.attempts());
    vertx.setTimer(Math.max(1, waitMs), timer -> attempt(path, uri, attempt + 1, result));
  }

  /** Half the exponential step, plus a random part of the other half. */
  private long backoffMs(int attempt) {
    long step = Math.min(retries.maxBackoffMs(), retries.firstBackoffMs() << Math.min(attempt - 1, 20));
    return step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
  }

  /** {@code Retry-After} in seconds, capped; -1 when absent or given as a date. */
  private long retryAfterMs(Answer response) {
    String header = response.headers().get("Retry-After");
    if (header == null || !header.trim().matches("\\d{1,6}")) {
      return -1;
    }
    return Math.min(retries.maxRetryAfterMs(), Long.parseLong(header.trim()) * 1000);
  }

  private StripeApiException errorOf(String path, Answer response) {
    int status = response.status();
    String detail = stripeError(response);
    if (status == 401) {
      return new StripeApiException(StripeApiException.Kind.KEY_REJECTED, status,
          "Stripe rejected STRIPE_SECRET_KEY (401" + detail + ")");
    }
    if (status == 403) {
      return new StripeApiException(StripeApiException.Kind.PERMISSION_DENIED, status,
          "STRIPE_SECRET_KEY may not read GET " + path + " (403" + detail + ")");
    }
    if (status >= 300 && status < 400) {
      return new StripeApiException(StripeApiException.Kind.REFUSED, status, "the Stripe API answered GET " + path
          + " with " + status + ", a redirect, which is not followed: the key goes to STRIPE_API_BASE only");
    }
    StripeApiException.Kind kind = status == 409 || status == 429 || status >= 500
        ? StripeApiException.Kind.UNREACHABLE : StripeApiException.Kind.REFUSED;
    return new StripeApiException(kind, status, "the Stripe API answered GET " + path + " with " + status + detail);
  }

  /** {@code ": type: message"} from Stripe's error body, keys masked; empty when the body is not one. */
  private static String stripeError(Answer response) {
    try {
      JsonObject body = response.body().length() == 0 ? null : new JsonObject(response.body());
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
