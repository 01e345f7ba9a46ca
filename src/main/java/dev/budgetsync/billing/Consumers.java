package dev.budgetsync.billing;

import dev.budgetsync.bus.ServiceError;
import dev.budgetsync.logging.RateLimitedLog;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * Registers billing's consumers. A request arrives as its record, validated by the edge in this
 * process, or as JSON from a cluster member or the bridge, which must carry a key that {@link Access}
 * knows, is parsed here and then permitted for that key: either way it is validated once. Every answer or failure is a reply; a failure is a
 * {@code ServiceError}. A request address acts on requests only: a message published to it is
 * dropped with a warning, never acted on (a publish reaches every member and expects no answer).
 */
final class Consumers {
  private static final Logger LOG = LoggerFactory.getLogger(Consumers.class);
  private static final RateLimitedLog REFUSALS = new RateLimitedLog(LOG, 1000);

  private final EventBus bus;
  private final Access access;

  Consumers(EventBus bus, Access access) {
    this.bus = bus;
    this.access = access;
  }

  /** A consumer that members of a cluster can reach: a JSON request must carry a key ({@link Access}). */
  <R> Future<Void> serve(String address, Class<R> type, Function<JsonObject, R> parse,
                         Function<R, Future<JsonObject>> operation) {
    return register(bus.consumer(address), address, type, parse, operation, access::admit);
  }

  private <R> R permitted(Caller caller, String address, R request) {
    return caller == null ? request : access.permit(caller, address, request);
  }

  /**
   * A consumer only this process can reach, so its callers are this process's own parts;
   * {@code parse} null when only the record is accepted.
   */
  <R> Future<Void> local(String address, Class<R> type, Function<JsonObject, R> parse,
                         Function<R, Future<JsonObject>> operation) {
    return register(bus.localConsumer(address), address, type, parse, operation,
        message -> Future.succeededFuture(null));
  }

  private <R> Future<Void> register(MessageConsumer<Object> consumer, String address, Class<R> type,
                                    Function<JsonObject, R> parse, Function<R, Future<JsonObject>> operation,
                                    Function<Message<Object>, Future<Caller>> admit) {
    consumer.handler(message -> {
      if (!message.isSend()) {
        REFUSALS.warn("{}: a published message was dropped; billing acts on requests (send) only", address);
        return;
      }
      admit.apply(message)
          .compose(caller -> operation.apply(permitted(caller, address, request(message, type, parse))))
          .onSuccess(message::reply)
          .onFailure(error -> message.reply(Failures.of(address, error)));
    });
    return consumer.completion();
  }

  private static <R> R request(Message<Object> message, Class<R> type, Function<JsonObject, R> parse) {
    Object body = message.body();
    if (type.isInstance(body)) {
      return type.cast(body);
    }
    if (parse != null && (body == null || body instanceof JsonObject)) {
      return parse.apply(body == null ? new JsonObject() : (JsonObject) body);
    }
    throw ServiceError.invalid("the body must be a JSON object shaped as the address documents");
  }
}
