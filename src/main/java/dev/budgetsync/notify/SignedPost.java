package dev.budgetsync.notify;

import dev.budgetsync.config.NotifyDestination;
import dev.budgetsync.domain.NotificationText;
import dev.budgetsync.stripe.StripeSigner;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeoutException;

/**
 * One POST of a notification to one destination, signed as Stripe signs its webhooks:
 * {@code Budget-Sync-Signature: t=<unix>,v1=<hex HMAC-SHA256(NOTIFY_SECRET, "<t>.<body>")>}, so
 * a receiver can verify it with Stripe's own libraries. Not thread-safe (the signer is not): one
 * per verticle.
 */
public final class SignedPost {
  public static final String SIGNATURE_HEADER = "Budget-Sync-Signature";

  private final Vertx vertx;
  private final HttpClient client;
  private final StripeSigner signer;
  private final long timeoutMs;
  private final Clock clock;

  /**
   * What the receiver answered.
   *
   * @param body the first few hundred bytes of the answer's body
   */
  public record Answer(int status, String message, String body) {
    public boolean delivered() {
      return status >= 200 && status < 300;
    }

    /** 410 Gone: the receiver asks never to be sent this again. */
    public boolean stopped() {
      return status == 410;
    }
  }

  public SignedPost(Vertx vertx, HttpClient client, String secret, long timeoutMs, Clock clock) {
    this.vertx = vertx;
    this.client = client;
    this.signer = new StripeSigner(secret);
    this.timeoutMs = timeoutMs;
    this.clock = clock;
  }

  /**
   * Posts the stored notification {@code body}: as it is, or for a Slack destination as Slack's
   * incoming-webhook message {@code {"text": "..."}}. Fails when no whole answer came within the
   * timeout, counted from the start (refused, silent, or trickling a byte at a time): the request
   * is then reset, so a receiver cannot hold a connection past it.
   */
  public Future<Answer> send(NotifyDestination destination, String body) {
    String payload = destination.slack()
        ? new JsonObject().put("text", NotificationText.of(new JsonObject(body))).encode() : body;
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    long timestamp = clock.instant().getEpochSecond();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(destination.url())
        .setConnectTimeout(timeoutMs)
        // A redirect is not a 2xx: it is retried, never followed with the signed body to another place.
        .setFollowRedirects(false)
        .putHeader("User-Agent", "budget-sync")
        .putHeader("Content-Type", "application/json")
        .putHeader(SIGNATURE_HEADER, signer.header(timestamp, bytes));
    Promise<Answer> answered = Promise.promise();
    Future<HttpClientRequest> opened = client.request(options);
    long deadline = vertx.setTimer(timeoutMs, id -> {
      answered.tryFail(new TimeoutException("no whole answer within " + timeoutMs + " ms"));
      opened.onSuccess(HttpClientRequest::reset);
    });
    opened.compose(request -> request.send(Buffer.buffer(bytes))).compose(SignedPost::read).onComplete(done -> {
      vertx.cancelTimer(deadline);
      if (done.succeeded()) {
        answered.tryComplete(done.result());
      } else {
        answered.tryFail(done.cause());
      }
    });
    return answered.future();
  }

  private static Future<Answer> read(HttpClientResponse response) {
    AnswerPrefix prefix = new AnswerPrefix();
    return response.pipeTo(prefix).compose(v -> prefix.result())
        .map(text -> new Answer(response.statusCode(), response.statusMessage(), text));
  }

  /**
   * Why no answer came, for the log and the API. Vert.x names the request's path in some messages
   * (a timeout's), and a destination's path may be its secret (a Slack webhook's is): it is left out.
   */
  public static String noAnswer(NotifyDestination destination, Throwable error) {
    URI uri = URI.create(destination.url());
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String message = String.valueOf(error.getMessage());
    return "no answer: " + (target.length() > 1 ? message.replace(target, "/...") : message);
  }
}
