package dev.budgetsync.chaos;

import dev.budgetsync.stripe.StripeSigner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Delivers events as Stripe does: each until it is acknowledged with a 2xx, retrying every other
 * status and every connection error with exponential backoff (capped, so a test stays short).
 */
final class StripeLikeSender {
  private final URI webhook;
  private final String secret;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** Event id → the outcome of its first 2xx answer. */
  final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  final AtomicLong attempts = new AtomicLong();
  final AtomicLong retries = new AtomicLong();
  final AtomicInteger done = new AtomicInteger();

  StripeLikeSender(int port, String secret) {
    this.webhook = URI.create("http://127.0.0.1:" + port + "/api/webhooks/stripe");
    this.secret = secret;
  }

  /** Sends every payload with {@code concurrency} senders; returns when all are acknowledged or time is up. */
  boolean deliverAll(List<String> payloads, int concurrency, Duration limit) throws InterruptedException {
    ExecutorService senders = Executors.newFixedThreadPool(concurrency);
    long deadline = System.nanoTime() + limit.toNanos();
    for (String payload : payloads) {
      senders.submit(() -> deliver(payload, deadline));
    }
    senders.shutdown();
    return senders.awaitTermination(limit.toSeconds() + 5, TimeUnit.SECONDS) && done.get() == payloads.size();
  }

  private void deliver(String payload, long deadline) {
    String id = payload.substring(payload.indexOf("\"id\":\"") + 6, payload.indexOf('"', payload.indexOf("\"id\":\"") + 6));
    long backoff = 50;
    while (System.nanoTime() < deadline) {
      attempts.incrementAndGet();
      try {
        byte[] body = payload.getBytes(UTF_8);
        // Stripe signs each attempt anew, with the time of that attempt.
        String signature = new StripeSigner(secret).header(System.currentTimeMillis() / 1000, body);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(webhook)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json; charset=utf-8")
            .header("Stripe-Signature", signature)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 == 2) {
          String outcome = response.body().replaceAll(".*\"outcome\":\"([a-z_]+)\".*", "$1");
          acknowledged.putIfAbsent(id, outcome);
          done.incrementAndGet();
          return;
        }
      } catch (IOException e) {
        // connection refused or reset: the service is down or restarting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      retries.incrementAndGet();
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      backoff = Math.min(1000, backoff * 2);
    }
  }
}
