package dev.budgetsync.billing;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

/**
 * Registers billing's consumers. A request arrives as its record, validated by the edge in this
 * process, or as JSON from a cluster member or the bridge, which is parsed here: either way it is
 * validated once. Every answer or failure is a reply; a failure is a {@code ServiceError}.
 */
final class Consumers {
  private final EventBus bus;

  Consumers(EventBus bus) {
    this.bus = bus;
  }

  /** A consumer that members of a cluster can reach. */
  <R> Future<Void> serve(String address, Class<R> type, Function<JsonObject, R> parse,
                         Function<R, Future<JsonObject>> operation) {
    return register(bus.consumer(address), address, type, parse, operation);
  }

  /** A consumer only this process can reach; {@code parse} null when only the record is accepted. */
  <R> Future<Void> local(String address, Class<R> type, Function<JsonObject, R> parse,
                         Function<R, Future<JsonObject>> operation) {
    return register(bus.localConsumer(address), address, type, parse, operation);
  }

  private static <R> Future<Void> register(MessageConsumer<Object> consumer, String address, Class<R> type,
                                           Function<JsonObject, R> parse, Function<R, Future<JsonObject>> operation) {
    consumer.handler(message -> {
      Future<JsonObject> reply;
      try {
        reply = operation.apply(request(message, type, parse));
      } catch (RuntimeException e) {
        reply = Future.failedFuture(e);
      }
      reply.onSuccess(message::reply).onFailure(error -> message.reply(Failures.of(address, error)));
    });
    return consumer.completion();
  }

  private static <R> R request(Message<Object> message, Class<R> type, Function<JsonObject, R> parse) {
    Object body = message.body();
    if (parse != null && (body == null || body instanceof JsonObject)) {
      return parse.apply(body == null ? new JsonObject() : (JsonObject) body);
    }
    // Anything else is a bug of the sender in this process: a ClassCastException, answered 500.
    return type.cast(body);
  }
}
