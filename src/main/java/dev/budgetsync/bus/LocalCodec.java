package dev.budgetsync.bus;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

import java.util.List;

/**
 * Lets a request record, validated once at the edge, cross the event bus inside this process as
 * the same object. Records never leave the process: edges send them with {@code localOnly}, and
 * callers in other processes send JSON, which billing parses as the edge it is for them.
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {
  private static final List<Class<?>> RECORDS = List.of(
      Requests.StatusQuery.class, Requests.FundsRequest.class, Requests.SpendRequest.class,
      Requests.CheckQuery.class, Requests.ReserveRequest.class, Requests.SettleRequest.class,
      Requests.ReleaseRequest.class, Requests.EventsQuery.class, Requests.LedgerQuery.class,
      Requests.AccountsQuery.class, Requests.ReprocessRequest.class, VerifiedWebhook.class,
      ReconcileRequest.class, NotificationRequests.ListQuery.class, NotificationRequests.RetryRequest.class,
      KeyRequests.CreateKey.class, KeyRequests.ListKeys.class, KeyRequests.RevokeKey.class,
      KeyRequests.LookUpKey.class);

  private final String name;

  private LocalCodec(Class<T> type) {
    this.name = "local:" + type.getName();
  }

  /**
   * Whether {@code body} is one of the records: then it was sent in this process, by an edge that
   * validated it, since a record has no wire form and cannot arrive from another member.
   */
  public static boolean isRecord(Object body) {
    return body != null && RECORDS.contains(body.getClass());
  }

  /** Registers the records' codec on {@code vertx}'s bus; a second call for the same bus changes nothing. */
  public static synchronized void register(Vertx vertx) {
    EventBus bus = vertx.eventBus();
    for (Class<?> type : RECORDS) {
      try {
        register(bus, type);
      } catch (IllegalStateException alreadyRegistered) {
        return;
      }
    }
  }

  private static <T> void register(EventBus bus, Class<T> type) {
    bus.registerDefaultCodec(type, new LocalCodec<>(type));
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    throw new IllegalStateException(name + " is sent within this process only");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new IllegalStateException(name + " is sent within this process only");
  }

  @Override
  public T transform(T value) {
    return value;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
