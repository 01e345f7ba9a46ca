package dev.budgetsync.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Drives HTTP load from one Vert.x event loop, over keep-alive connections: a closed loop (fixed
 * concurrency, each sender sends its next request when the previous one answers) and an open loop
 * (a fixed rate, latency measured from each request's intended send time, so a stalled server is
 * charged for the queue it causes instead of slowing the sender down: no coordinated omission).
 */
final class HttpLoad implements AutoCloseable {
  /** Sends request {@code i} of a phase. */
  interface Call {
    Future<Answer> send(int i);
  }

  /** An HTTP answer: its status, and whether a 200 carried the expected body. */
  record Answer(int status, boolean expected) {
  }

  private static final String STRIPE_USER_AGENT = "Stripe/1.0 (+https://stripe.com/docs/webhooks)";
  private final Vertx vertx;
  private final Context context;
  private final HttpClientAgent client;
  private final String host;
  private final int port;

  HttpLoad(String baseUrl, int maxConnections) {
    URI uri = URI.create(baseUrl);
    host = uri.getHost();
    port = uri.getPort();
    // One event loop: all phase state lives on it, without locks.
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    context = vertx.getOrCreateContext();
    client = vertx.httpClientBuilder()
        // Closes idle connections before the server's 30 s idle timeout does, so none is reused as it closes.
        .with(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(20).setConnectTimeout(5000))
        .with(new PoolOptions().setHttp1MaxSize(maxConnections))
        .build();
  }

  /** A signed webhook delivery; {@code expect} is the text a 200 body must contain. */
  Future<Answer> post(String path, byte[] body, String signature, String expect) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
        .setURI(path).setIdleTimeout(30_000)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("User-Agent", STRIPE_USER_AGENT)
        .putHeader("Stripe-Signature", signature);
    return client.request(options)
        .compose(request -> request.send(Buffer.buffer(body)))
        .compose(response -> response.body().map(b -> answer(response.statusCode(), b, expect)));
  }

  Future<Answer> get(String path, String token, String expect) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
        .setURI(path).setIdleTimeout(30_000).putHeader("Authorization", "Bearer " + token);
    return client.request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().map(b -> answer(response.statusCode(), b, expect)));
  }

  /** An admin request with the bearer token and, when given, a JSON body and an Idempotency-Key. */
  Future<Reply> admin(HttpMethod method, String path, String token, String json, String idempotencyKey) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost(host).setPort(port)
        .setURI(path).setIdleTimeout(30_000).putHeader("Authorization", "Bearer " + token);
    if (json != null) {
      options.putHeader("Content-Type", "application/json");
    }
    if (idempotencyKey != null) {
      options.putHeader("Idempotency-Key", idempotencyKey);
    }
    return client.request(options)
        .compose(request -> json == null ? request.send() : request.send(json))
        .compose(response -> response.body().map(b -> new Reply(response.statusCode(), b)));
  }

  /** An answer's status and body. */
  record Reply(int status, Buffer body) {
  }

  private static Answer answer(int status, Buffer body, String expect) {
    return new Answer(status, status == 200 && body.toString().contains(expect));
  }

  /** {@code total} requests, {@code concurrency} in flight; no new request after {@code capSeconds}. */
  Recorder closed(int total, int concurrency, long capSeconds, Call call) {
    Promise<Recorder> done = Promise.promise();
    context.runOnContext(v -> new ClosedLoop(total, concurrency, capSeconds, call, done).start());
    return done.future().await();
  }

  /** {@code rate} requests a second for {@code seconds}, sent on schedule whatever the answers do. */
  Recorder open(int rate, int seconds, Call call) {
    Promise<Recorder> done = Promise.promise();
    context.runOnContext(v -> new OpenLoop(rate, seconds, call, done).start());
    return done.future().await();
  }

  private final class ClosedLoop {
    private final int total;
    private final int concurrency;
    private final long deadline;
    private final Call call;
    private final Promise<Recorder> done;
    private final Recorder recorder;
    private int issued;
    private int inFlight;

    ClosedLoop(int total, int concurrency, long capSeconds, Call call, Promise<Recorder> done) {
      this.total = total;
      this.concurrency = concurrency;
      this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(capSeconds);
      this.call = call;
      this.done = done;
      this.recorder = new Recorder(total);
    }

    void start() {
      recorder.start();
      for (int c = 0; c < concurrency; c++) {
        next();
      }
    }

    private void next() {
      if (issued >= total || System.nanoTime() > deadline) {
        if (inFlight == 0 && !done.future().isComplete()) {
          recorder.end();
          done.complete(recorder);
        }
        return;
      }
      int i = issued++;
      inFlight++;
      long sent = System.nanoTime();
      call.send(i).onComplete(answer -> {
        inFlight--;
        recorder.record(i, answer.succeeded() ? answer.result().status() : 0, System.nanoTime() - sent,
            answer.succeeded() && answer.result().expected());
        // A failure can complete at once; going through the loop's queue keeps the stack flat.
        context.runOnContext(v -> next());
      });
    }
  }

  private final class OpenLoop {
    private final int total;
    private final double intervalNanos;
    private final Call call;
    private final Promise<Recorder> done;
    private final Recorder recorder;
    private long start;
    private long timer;
    private int issued;
    private int inFlight;

    OpenLoop(int rate, int seconds, Call call, Promise<Recorder> done) {
      this.total = rate * seconds;
      this.intervalNanos = 1e9 / rate;
      this.call = call;
      this.done = done;
      this.recorder = new Recorder(total);
    }

    void start() {
      recorder.start();
      start = System.nanoTime();
      timer = vertx.setPeriodic(1, id -> tick());
      tick();
    }

    private void tick() {
      long now = System.nanoTime();
      while (issued < total && intended(issued) <= now) {
        int i = issued++;
        long intended = intended(i);
        recorder.sendLag(now - intended);
        inFlight++;
        call.send(i).onComplete(answer -> {
          inFlight--;
          recorder.record(i, answer.succeeded() ? answer.result().status() : 0, System.nanoTime() - intended,
              answer.succeeded() && answer.result().expected());
          finishIfDone();
        });
      }
      if (issued >= total) {
        vertx.cancelTimer(timer);
        finishIfDone();
      }
    }

    private long intended(int i) {
      return start + (long) (i * intervalNanos);
    }

    private void finishIfDone() {
      if (issued >= total && inFlight == 0 && !done.future().isComplete()) {
        recorder.end();
        done.complete(recorder);
      }
    }
  }

  @Override
  public void close() {
    client.close().await();
    vertx.close().await();
  }
}
