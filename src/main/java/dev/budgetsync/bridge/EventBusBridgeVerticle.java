package dev.budgetsync.bridge;

import dev.budgetsync.bus.Addresses;
import dev.budgetsync.config.AppConfig;
import dev.budgetsync.config.Secrets;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TCP event-bus bridge for services outside the JVM: length-prefixed JSON frames, as documented in
 * {@code docs/clients.md}. Only the billing request addresses are reachable, only the published budget
 * changes can be listened to, and every frame but a ping must carry
 * {@code "headers": {"Authorization": "Bearer <ADMIN_TOKEN>"}}.
 */
public final class EventBusBridgeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(EventBusBridgeVerticle.class);
  private static final String AUTHORIZATION = "Authorization";
  private static final String PREFIX = "Bearer ";

  /** The request addresses of the contract; internal ones (webhook, readiness, reprocess, ledger) stay closed. */
  private static final List<String> INBOUND = List.of(Addresses.STATUS, Addresses.ADD_FUNDS, Addresses.SPEND,
      Addresses.CHECK, Addresses.RESERVE, Addresses.SETTLE, Addresses.RELEASE, Addresses.EVENTS);
  /** Only published notifications: registering on a request address would steal its requests. */
  private static final List<String> OUTBOUND = List.of(Addresses.UPDATED, Addresses.ALERT);

  private final AppConfig config;
  private TcpEventBusBridge bridge;

  public EventBusBridgeVerticle(AppConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    BridgeOptions options = new BridgeOptions();
    INBOUND.forEach(address -> options.addInboundPermitted(new PermittedOptions().setAddress(address)));
    OUTBOUND.forEach(address -> options.addOutboundPermitted(new PermittedOptions().setAddress(address)));
    // Keep-alive finds dead peers, whose registrations would otherwise live on; listeners should ping.
    NetServerOptions server = new NetServerOptions().setTcpKeepAlive(true)
        .setIdleTimeout(5).setIdleTimeoutUnit(TimeUnit.MINUTES);
    bridge = TcpEventBusBridge.create(vertx, options, server, this::authorize);
    return bridge.listen(config.eventBusBridgePort(), "0.0.0.0")
        .onSuccess(b -> LOG.info("event-bus bridge listening on port {}", config.eventBusBridgePort()));
  }

  @Override
  public Future<?> stop() {
    return bridge == null ? Future.succeededFuture() : bridge.close();
  }

  /**
   * Runs before the bridge routes a frame. The token is removed once checked, so it never reaches a
   * consumer or a log down the bus; the bridge forwards this same message object.
   */
  private void authorize(BridgeEvent event) {
    BridgeEventType type = event.type();
    if (type == BridgeEventType.SOCKET_PING || type == BridgeEventType.REGISTERED) {
      event.complete(true);
      return;
    }
    JsonObject headers = event.getRawMessage().getValue("headers") instanceof JsonObject h ? h : null;
    Object given = headers == null ? null : headers.remove(AUTHORIZATION);
    boolean allowed = given instanceof String header && header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
        && Secrets.constantTimeEquals(config.adminToken(), header.substring(PREFIX.length()).trim());
    if (!allowed) {
      LOG.debug("bridge refused a {} frame from {}: no valid token", type, event.socket().remoteAddress());
    }
    event.complete(allowed);
  }
}
