package dev.budgetsync.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of the real PostgreSQL, so a test can take the database away (refusing new
 * connections and cutting open ones, as a crashed server would) and bring it back on the same port,
 * or make it hang.
 */
public final class TcpProxy {
  private final Vertx vertx;
  private final String targetHost;
  private final int targetPort;
  private final NetClient client;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean stalled;
  private NetServer server;
  private int port;

  public TcpProxy(Vertx vertx, String targetHost, int targetPort) {
    this.vertx = vertx;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.client = vertx.createNetClient();
  }

  /** Starts listening, on a free port the first time and on the same port after a {@link #down()}. */
  public TcpProxy up() {
    server = vertx.createNetServer().connectHandler(this::relay);
    port = server.listen(port, "127.0.0.1").await().actualPort();
    return this;
  }

  /** Stops listening and cuts every open connection. */
  public void down() {
    server.close().await();
    open.forEach(NetSocket::close);
    open.clear();
  }

  /** Cuts every open connection, then accepts new ones and never answers: a database that hangs. */
  public void stall() {
    stalled = true;
    open.forEach(NetSocket::close);
    open.clear();
  }

  public int port() {
    return port;
  }

  private void relay(NetSocket inbound) {
    inbound.pause();
    open.add(inbound);
    if (stalled) {
      return;
    }
    client.connect(targetPort, targetHost).onSuccess(outbound -> {
      open.add(outbound);
      inbound.pipeTo(outbound);
      outbound.pipeTo(inbound);
      inbound.resume();
    }).onFailure(error -> inbound.close());
  }
}
