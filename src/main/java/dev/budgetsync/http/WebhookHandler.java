package dev.budgetsync.http;

import dev.budgetsync.bus.Addresses;
import dev.budgetsync.bus.ErrorType;
import dev.budgetsync.bus.ServiceError;
import dev.budgetsync.bus.StrictJson;
import dev.budgetsync.bus.VerifiedWebhook;
import dev.budgetsync.domain.EventMapper;
import dev.budgetsync.logging.RateLimitedLog;
import dev.budgetsync.metrics.ServiceMetrics;
import dev.budgetsync.stripe.InvalidSignatureException;
import dev.budgetsync.stripe.WebhookVerifier;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * {@code POST /api/webhooks/stripe}: screens the signature header before the body is read, verifies
 * the signature over the raw body bytes, then hands those bytes to billing and answers 200 only with
 * billing's reply, which comes after the commit.
 */
final class WebhookHandler {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookHandler.class);
  private static final RateLimitedLog REFUSALS = new RateLimitedLog(LOG, 1000);
  private final EventBus bus;
  private final WebhookVerifier verifier;
  private final DeliveryOptions delivery;
  private final ServiceMetrics metrics;
  private final long timeoutMs;

  /** {@code verifier} is null while no secret is configured: the route then answers 503. */
  WebhookHandler(EventBus bus, WebhookVerifier verifier, long timeoutMs, ServiceMetrics metrics) {
    this.bus = bus;
    this.verifier = verifier;
    this.metrics = metrics;
    this.timeoutMs = timeoutMs;
    // Local: the node that received the webhook commits it, so its group commit sees all its traffic.
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMs).setLocalOnly(true);
  }

  /**
   * Runs before the body is read: only a request for a configured webhook, with a JSON content type
   * and one well-formed, fresh {@code Stripe-Signature}, gets its body read at all.
   */
  void screen(RoutingContext ctx) {
    if (verifier == null) {
      throw new ServiceError(ErrorType.WEBHOOK_NOT_CONFIGURED, "STRIPE_WEBHOOK_SECRET is not set");
    }
    String contentType = ctx.request().getHeader("Content-Type");
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new ServiceError(ErrorType.UNSUPPORTED_MEDIA_TYPE, "Stripe sends Content-Type: application/json");
    }
    List<String> signatures = ctx.request().headers().getAll("Stripe-Signature");
    if (signatures.size() > 1) {
      throw refused(ctx, new InvalidSignatureException(InvalidSignatureException.Reason.MALFORMED,
          "more than one Stripe-Signature header"));
    }
    try {
      verifier.checkHeader(signatures.isEmpty() ? null : signatures.get(0));
    } catch (InvalidSignatureException e) {
      throw refused(ctx, e);
    }
    ctx.next();
  }

  void receive(RoutingContext ctx) {
    Timer.Sample received = metrics.startWebhook();
    Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
    try {
      verifier.verify(ctx.request().getHeader("Stripe-Signature"), body.getBytes());
    } catch (InvalidSignatureException e) {
      throw refused(ctx, e);
    }
    // Timed to the end of the reply, whatever billing answers: a timeout is the slowest answer of all.
    ctx.addEndHandler(sent -> metrics.webhookAnswered(received));
    bus.<JsonObject>request(Addresses.WEBHOOK, new VerifiedWebhook(body, VerifiedWebhook.WEBHOOK), delivery)
        .onSuccess(reply -> ctx.json(new JsonObject().put("received", true).put("id", reply.body().getString("id"))
            .put("outcome", reply.body().getString("outcome"))))
        .onFailure(error -> {
          if (error instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
            // Billing may still commit it: the 503 makes Stripe redeliver, and the redelivery finds it.
            // Only here, off the normal path, is the body read again: to name the event in the log.
            LOG.warn("Stripe event {}: no answer from billing within {} ms, answering 503 (it may still commit;"
                + " Stripe will redeliver it)", kv("event_id", eventIdOf(body)), timeoutMs);
          }
          ctx.fail(error);
        });
  }

  /** Counted, logged (a line a second at most: a flood must not flood the log) and answered 400. */
  private ServiceError refused(RoutingContext ctx, InvalidSignatureException e) {
    metrics.signatureFailed(e.reason());
    REFUSALS.warn("invalid Stripe-Signature from {}: {} ({})", ctx.request().remoteAddress(), e.getMessage(),
        e.reason());
    return new ServiceError(ErrorType.INVALID_SIGNATURE, e.getMessage());
  }

  private static String eventIdOf(Buffer body) {
    JsonObject json = StrictJson.object(body);
    return json != null && json.getValue("id") instanceof String id ? id : "(no id)";
  }

  void describe(RoutingContext ctx) {
    ctx.json(new JsonObject().put("status", "ok").put("supported_events", new JsonArray(EventMapper.SUPPORTED_EVENTS)));
  }
}
