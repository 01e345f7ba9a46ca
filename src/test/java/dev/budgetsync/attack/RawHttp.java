package dev.budgetsync.attack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * One HTTP/1.1 exchange on a plain socket, written as a hostile client would: the headers first,
 * then as much of the body as it likes, when it likes. Reads give up after five seconds.
 */
final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;

  RawHttp(int port) {
    try {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(5000);
      out = socket.getOutputStream();
      in = socket.getInputStream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a request line and headers ({@code "Name: value"}), and none of the body. */
  RawHttp head(String requestLine, String... headers) {
    StringBuilder head = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    return send(head.append("\r\n").toString().getBytes(US_ASCII));
  }

  RawHttp send(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The answer as text, up to its end or the connection's; fails if none comes within five seconds. */
  String answer() {
    StringBuilder answer = new StringBuilder();
    byte[] buffer = new byte[8192];
    try {
      int read;
      while ((read = in.read(buffer)) > 0) {
        answer.append(new String(buffer, 0, read, US_ASCII));
        int headEnd = answer.indexOf("\r\n\r\n");
        if (headEnd > 0 && answer.length() >= headEnd + 4 + contentLength(answer.substring(0, headEnd))) {
          break;
        }
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no answer within 5 s; got so far: " + answer, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return answer.toString();
  }

  /** Whether the server closed the connection: the next read finds its end, within five seconds. */
  boolean closedByServer() {
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException connectionReset) {
      return true;
    }
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        return Integer.parseInt(line.substring(15).trim());
      }
    }
    return 0;
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
