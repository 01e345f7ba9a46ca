package dev.budgetsync.bridge;

import dev.budgetsync.billing.Access;
import dev.budgetsync.billing.Caller;
import dev.budgetsync.bus.ErrorType;
import dev.budgetsync.bus.ServiceError;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One client of the bridge. Reads a 4-byte length, refuses it before buffering a byte of the frame
 * when it is not between 1 and {@link #MAX_FRAME}, then reads the frame and acts on it, one frame
 * after the other. A malformed frame closes the connection (one rate-limited line in the log, no
 * stack trace), so no bad byte can desynchronise it. Memory per connection is bounded: one frame,
 * at most {@link #MAX_PENDING} requests awaiting billing (reading pauses past that), and a write
 * queue whose overflow (a client that does not read) closes the connection.
 */
final class BridgeConnection {
  static final int MAX_FRAME = 64 * 1024;
  static final int MAX_PENDING = 32;
  static final String BLOCKED = "blocked by bridgeEvent handler";

  private final NetSocket socket;
  private final EventBus bus;
  private final Access access;
  private final List<String> inbound;
  private final List<String> outbound;
  private final Listener listener;
  private final RecordParser parser;
  private final Map<String, MessageConsumer<Object>> registrations = new HashMap<>();
  private Future<Void> previous = Future.succeededFuture();
  private int pending;
  private boolean closed;

  /** Told when a connection ends, and why when the bridge closed it. */
  interface Listener {
    void refused(NetSocket socket, String why);

    void gone();
  }

  BridgeConnection(NetSocket socket, EventBus bus, Access access, List<String> inbound, List<String> outbound,
                   Listener listener) {
    this.socket = socket;
    this.bus = bus;
    this.access = access;
    this.inbound = inbound;
    this.outbound = outbound;
    this.listener = listener;
    this.parser = RecordParser.newFixed(4, this::length);
    socket.handler(parser);
    socket.exceptionHandler(error -> socket.close());
    socket.closeHandler(gone -> {
      closed = true;
      registrations.values().forEach(MessageConsumer::unregister);
      registrations.clear();
      listener.gone();
    });
  }

  private void length(Buffer prefix) {
    if (closed) {
      return;
    }
    int length = prefix.getInt(0);
    if (length < 1 || length > MAX_FRAME) {
      close(length < 1 ? "frame length " + Integer.toUnsignedString(length) + " is not 1 to " + MAX_FRAME
          : "frame of " + length + " bytes is over " + MAX_FRAME);
      return;
    }
    parser.fixedSizeMode(length);
    parser.handler(this::payload);
  }

  private void payload(Buffer payload) {
    parser.fixedSizeMode(4);
    parser.handler(this::length);
    if (closed) {
      return;
    }
    Frame frame;
    try {
      frame = Frame.parse(payload);
    } catch (Frame.Malformed e) {
      close(e.getMessage());
      return;
    }
    // In order, whatever the key lookup costs: a register is in place before a ping after it is answered.
    previous = previous.transform(done -> closed ? Future.succeededFuture() : handle(frame));
  }

  /** Closes the connection for {@code why}, said once in the log. */
  private void close(String why) {
    if (!closed) {
      closed = true;
      listener.refused(socket, why);
      socket.close();
    }
  }

  private Future<Void> handle(Frame frame) {
    if (frame.type().equals("ping")) {
      write(Frame.pong());
      return Future.succeededFuture();
    }
    return access.authenticate(frame.token()).transform(authenticated -> {
      if (authenticated.failed()) {
        write(Frame.refusal(BLOCKED));
      } else if (frame.address() == null) {
        write(Frame.refusal("missing_address"));
      } else {
        route(frame, authenticated.result());
      }
      return Future.succeededFuture();
    });
  }

  private void route(Frame frame, Caller caller) {
    switch (frame.type()) {
      case "send" -> send(frame);
      case "register" -> register(frame, caller);
      case "unregister" -> unregister(frame);
      // Billing acts on requests only: a publish would reach every member and be answered by none.
      default -> write(Frame.refusal("access_denied"));
    }
  }

  private void send(Frame frame) {
    if (!inbound.contains(frame.address())) {
      write(Frame.refusal("access_denied"));
      return;
    }
    DeliveryOptions options = new DeliveryOptions().setHeaders(frame.busHeaders()).setSendTimeout(frame.timeoutMs())
        // This node's billing checks the key: it never crosses the cluster.
        .setLocalOnly(true);
    // A send without a reply address is still a request: it counts until billing is done with it.
    if (++pending == MAX_PENDING) {
      parser.pause();
      socket.pause();
    }
    bus.request(frame.address(), frame.body(), options).onComplete(reply -> {
      if (pending-- == MAX_PENDING) {
        socket.resume();
        parser.resume();
      }
      if (frame.replyAddress() == null) {
        return;
      }
      if (reply.succeeded()) {
        write(Frame.message(frame.replyAddress(), true, reply.result().headers(), reply.result().body()));
      } else if (reply.cause() instanceof ReplyException failure) {
        write(Frame.failure(frame.replyAddress(), frame.address(), failure));
      }
    });
  }

  /**
   * A key of some accounts hears only theirs: the listener sees what its key could read. The key is
   * checked again for every message (from the cache, in order), so a revoked key stops hearing.
   */
  private void register(Frame frame, Caller caller) {
    if (!outbound.contains(frame.address())) {
      write(Frame.refusal("access_denied"));
      return;
    }
    String token = frame.token();
    registrations.computeIfAbsent(frame.address(), address -> bus.<Object>consumer(address, message ->
        access.authenticate(token).onComplete(now -> {
          if (now.failed() && now.cause() instanceof ServiceError refusal
              && refusal.type() == ErrorType.UNAUTHORIZED) {
            MessageConsumer<Object> gone = registrations.remove(address);
            if (gone != null) {
              gone.unregister();
              write(Frame.refusal(BLOCKED));
            }
            return;
          }
          // Should the key's lookup fail otherwise (the database away), the key as registered decides.
          Caller listener = now.succeeded() ? now.result() : caller;
          if (message.body() instanceof JsonObject change && listener.mayActOn(change.getString("account"))) {
            write(Frame.message(address, false, message.headers(), change));
          }
        })));
  }

  private void unregister(Frame frame) {
    if (!outbound.contains(frame.address())) {
      write(Frame.refusal("access_denied"));
      return;
    }
    MessageConsumer<Object> consumer = registrations.remove(frame.address());
    if (consumer == null) {
      write(Frame.refusal("unknown_address"));
    } else {
      consumer.unregister();
    }
  }

  private void write(JsonObject frame) {
    if (closed) {
      return;
    }
    if (socket.writeQueueFull()) {
      close("the client does not read its replies");
      return;
    }
    Buffer json = frame.toBuffer();
    socket.write(Buffer.buffer(4 + json.length()).appendInt(json.length()).appendBuffer(json));
  }
}
