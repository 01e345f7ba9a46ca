package dev.budgetsync.support;

import io.vertx.core.json.JsonObject;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * A client of the TCP event-bus bridge written as one in another language would be: a plain socket,
 * frames of a 4-byte big-endian length and UTF-8 JSON. Every read gives up after a few seconds.
 */
public final class BridgeSocket implements AutoCloseable {
  private static final int READ_TIMEOUT_MS = 5000;

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  public BridgeSocket(int port) {
    try {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      in = new DataInputStream(socket.getInputStream());
      out = new DataOutputStream(socket.getOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A frame of {@code type} to {@code address}; {@code token} null sends no Authorization header. */
  public static JsonObject frame(String type, String address, String token, JsonObject body) {
    JsonObject frame = new JsonObject().put("type", type).put("address", address);
    if (token != null) {
      frame.put("headers", new JsonObject().put("Authorization", "Bearer " + token));
    }
    return body == null ? frame : frame.put("body", body);
  }

  public void write(JsonObject frame) {
    byte[] json = frame.encode().getBytes(UTF_8);
    try {
      out.writeInt(json.length);
      out.write(json);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next frame; fails with a {@link java.net.SocketTimeoutException} when none comes in time. */
  public JsonObject read() {
    try {
      byte[] json = new byte[in.readInt()];
      in.readFully(json);
      return new JsonObject(new String(json, UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a request with a reply address and reads the frame that answers it. */
  public JsonObject request(String address, String token, JsonObject body, String replyAddress) {
    write(frame("send", address, token, body).put("replyAddress", replyAddress));
    return read();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
