package dev.budgetsync.billing;

import dev.budgetsync.bus.ErrorType;
import dev.budgetsync.bus.ServiceError;
import dev.budgetsync.bus.StrictJson;
import dev.budgetsync.bus.VerifiedWebhook;
import dev.budgetsync.config.AccountSettings;
import dev.budgetsync.domain.EventEffect;
import dev.budgetsync.domain.EventMapper;
import dev.budgetsync.domain.EventResult;
import dev.budgetsync.domain.StripeEvent;
import dev.budgetsync.metrics.ServiceMetrics;
import dev.budgetsync.money.MoneyFormat;
import dev.budgetsync.store.EventStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import net.logstash.logback.marker.Markers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * A verified webhook's way into the ledger: parsed once, mapped to its money effects, queued for
 * group commit, logged and counted once committed; a refund or dispute left on the fallback account
 * then starts an attribution lookup.
 */
final class WebhookIntake {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);

  private final AccountSettings settings;
  private final GroupCommit<EventStore.Incoming, EventResult> groupCommit;
  private final ServiceMetrics metrics;
  private final AttributionLookups lookups;

  WebhookIntake(AccountSettings settings, GroupCommit<EventStore.Incoming, EventResult> groupCommit,
                ServiceMetrics metrics, AttributionLookups lookups) {
    this.settings = settings;
    this.groupCommit = groupCommit;
    this.metrics = metrics;
    this.lookups = lookups;
  }

  Future<JsonObject> receive(VerifiedWebhook webhook) {
    JsonObject json = StrictJson.object(webhook.body());
    if (json == null) {
      throw new ServiceError(ErrorType.INVALID_PAYLOAD, "body is not one JSON object (valid UTF-8, no duplicate keys)");
    }
    StripeEvent event = StripeEvent.parse(json);
    if (event == null) {
      throw new ServiceError(ErrorType.INVALID_PAYLOAD, "event has no id or type");
    }
    EventEffect effect = EventMapper.effectOf(event, settings);
    // The verified bytes are stored as they came, not re-encoded from the parsed copy.
    EventStore.Incoming incoming = new EventStore.Incoming(event, effect, webhook.body(), webhook.source());
    return groupCommit.submit(incoming).<JsonObject>map(result -> {
      committed(event, effect, result, webhook.source());
      // Started, not awaited: the answer to Stripe never waits for Stripe's API.
      lookups.afterCommit(effect.facts(), result);
      return result.toJson();
    }).onFailure(error -> {
      metrics.eventNotCommitted(event.type());
      LOG.warn("Stripe event {} {}: {} {} not committed, Stripe will retry it: {}", kv("event_id", event.id()),
          kv("event_type", event.type()), kv("outcome", ServiceMetrics.NOT_COMMITTED), kv("account", effect.account()),
          error.toString());
    });
  }

  private void committed(StripeEvent event, EventEffect effect, EventResult result, String source) {
    metrics.eventCommitted(event.type(), result);
    // A duplicate's result has no account: the one its event names still tells whose it was.
    String account = result.account() != null ? result.account() : effect.account();
    // Key-value arguments, not MDC: one event loop interleaves the callbacks of many events, so a
    // thread-local MDC would tag lines with the wrong event. They read as key=value in text, fields in JSON.
    // The source is a JSON field only: the text line stays as it was for webhooks.
    LOG.info(Markers.append("source", source), "Stripe event {} {}: {} {} amount={}{}",
        kv("event_id", event.id()), kv("event_type", event.type()),
        kv("outcome", result.outcome().wire()), kv("account", account),
        result.amount() == null ? "-" : MoneyFormat.format(result.amount(), result.currency()),
        result.reason() == null ? "" : " (" + result.reason() + ")");
  }
}
