package dev.budgetsync.bridge;

import dev.budgetsync.billing.Access;
import dev.budgetsync.bus.Addresses;
import dev.budgetsync.config.AppConfig;
import dev.budgetsync.logging.RateLimitedLog;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TCP event-bus bridge for services outside the JVM: length-prefixed JSON frames, as documented in
 * {@code docs/clients.md}. Our own, on a {@code NetServer}, because Vert.x's bridge buffers a frame
 * of any declared length before looking at it. Only the billing request addresses are reachable, only
 * the published budget changes can be listened to, and every frame but a ping must carry a key
 * ({@code headers.token}; {@code headers.Authorization: Bearer <key>} still works), checked by
 * billing's {@link Access} like every other caller on the bus. At most
 * {@code EVENTBUS_BRIDGE_MAX_CONNECTIONS} clients at once.
 */
public final class EventBusBridgeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(EventBusBridgeVerticle.class);
  /**
   * A flood of bad frames or connections writes a line every five seconds at most: one bad client
   * reconnecting in a loop says the same thing thousands of times a second.
   */
  private static final RateLimitedLog CLOSED = new RateLimitedLog(LOG, 5000);

  /** The request addresses of the contract; internal ones (webhook, readiness, reprocess, ledger) stay closed. */
  private static final List<String> INBOUND = List.of(Addresses.STATUS, Addresses.ADD_FUNDS, Addresses.SPEND,
      Addresses.CHECK, Addresses.RESERVE, Addresses.SETTLE, Addresses.RELEASE, Addresses.EVENTS);
  /** Only published notifications: registering on a request address would steal its requests. */
  private static final List<String> OUTBOUND = List.of(Addresses.UPDATED, Addresses.ALERT);

  private final AppConfig config;
  private NetServer server;
  private int connections;

  public EventBusBridgeVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    Access access = new Access(vertx, config.adminToken(), config.billingTimeoutMs());
    // Keep-alive finds dead peers, whose registrations would otherwise live on; listeners should ping.
    server = vertx.createNetServer(new NetServerOptions().setTcpKeepAlive(true)
        .setIdleTimeout(5).setIdleTimeoutUnit(TimeUnit.MINUTES));
    server.connectHandler(socket -> accept(socket, access));
    return access.start().compose(listening -> server.listen(config.eventBusBridgePort(), "0.0.0.0")
        .onSuccess(s -> LOG.info("event-bus bridge listening on port {}", config.eventBusBridgePort())));
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void accept(NetSocket socket, Access access) {
    if (connections >= config.bridgeMaxConnections()) {
      closed(socket, "already " + connections + " connections (EVENTBUS_BRIDGE_MAX_CONNECTIONS)");
      socket.close();
      return;
    }
    connections++;
    new BridgeConnection(socket, vertx.eventBus(), access, INBOUND, OUTBOUND, new BridgeConnection.Listener() {
      @Override
      public void refused(NetSocket refused, String why) {
        closed(refused, why);
      }

      @Override
      public void gone() {
        connections--;
      }
    });
  }

  private static void closed(NetSocket socket, String why) {
    CLOSED.warn("event-bus bridge closed the connection from {}: {}", socket.remoteAddress(), why);
  }
}
