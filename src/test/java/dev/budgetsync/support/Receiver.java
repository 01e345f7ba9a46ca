package dev.budgetsync.support;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.fail;

/**
 * A real HTTP receiver of notifications, as a customer would run one: records every request (the
 * exact body, the signature header, when it came) and answers as its {@code policy} says, given
 * the request and how many times this notification id (or, for Slack, this text) has come before it
 * (0 the first time).
 */
public final class Receiver {
  /** One request as received. */
  public record Request(String path, String contentType, String signature, String body, int attemptOfId) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** An answer: a status after a delay. */
  public record Reply(int status, long delayMs) {
    public static Reply of(int status) {
      return new Reply(status, 0);
    }
  }

  private final Vertx vertx;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
  private final AtomicInteger answered = new AtomicInteger();
  private volatile BiFunction<Request, Integer, Reply> policy;
  private volatile Promise<Void> gate = completed();
  private HttpServer server;

  private Receiver(Vertx vertx, BiFunction<Request, Integer, Reply> policy) {
    this.vertx = vertx;
    this.policy = policy;
  }

  /** Listens on {@code port} (0: any free one). */
  public static Receiver start(Vertx vertx, int port, BiFunction<Request, Integer, Reply> policy) {
    Receiver receiver = new Receiver(vertx, policy);
    receiver.server = vertx.createHttpServer().requestHandler(receiver::handle).listen(port).await();
    return receiver;
  }

  /** Answers every request with {@code status}. */
  public static Receiver answering(Vertx vertx, int status) {
    return start(vertx, 0, (request, attempt) -> Reply.of(status));
  }

  private void handle(HttpServerRequest http) {
    http.body().onSuccess(body -> {
      String text = body.toString();
      // A Slack message has no id: the same text is the same message.
      String id = idOf(text);
      int attempt = seen.computeIfAbsent(id == null ? text : id, k -> new AtomicInteger()).getAndIncrement();
      Request request = new Request(http.path(), http.getHeader("Content-Type"),
          http.getHeader("Budget-Sync-Signature"), text, attempt);
      requests.add(request);
      Reply reply = policy.apply(request, attempt);
      Runnable answer = () -> http.response().setStatusCode(reply.status()).end("answer " + reply.status())
          .onComplete(done -> answered.incrementAndGet());
      Promise<Void> held = gate;
      Runnable whenReleased = () -> held.future().onComplete(released -> answer.run());
      if (reply.delayMs() > 0) {
        vertx.setTimer(reply.delayMs(), t -> whenReleased.run());
      } else {
        whenReleased.run();
      }
    });
  }

  private static String idOf(String body) {
    try {
      return new JsonObject(body).getString("id");
    } catch (RuntimeException notOurs) {
      return null;
    }
  }

  /** From now on, no answer is written before {@link #release()}, whatever its delay. */
  public void hold() {
    gate = Promise.promise();
  }

  /** Writes the answers held back, each once its own delay has passed too. */
  public void release() {
    Promise<Void> held = gate;
    gate = completed();
    held.tryComplete();
  }

  private static Promise<Void> completed() {
    Promise<Void> open = Promise.promise();
    open.complete();
    return open;
  }

  public void policy(BiFunction<Request, Integer, Reply> policy) {
    this.policy = policy;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** How many requests have had their answer written. */
  public int answered() {
    return answered.get();
  }

  /** Waits until the requests received so far satisfy {@code done}; fails after {@code timeout}. */
  public List<Request> await(Predicate<List<Request>> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<Request> now = requests();
      if (done.test(now)) {
        return now;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return fail("the receiver did not get what was expected within " + timeout + "; it got " + requests());
  }

  public void close() {
    server.close().await();
  }
}
