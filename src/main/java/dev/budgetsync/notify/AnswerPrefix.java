package dev.budgetsync.notify;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

import java.nio.charset.StandardCharsets;

/**
 * A receiver's answer body, kept to its first {@link #MAX_BYTES} bytes: enough to show an operator
 * why it refused (Slack answers {@code channel_is_archived}), while a receiver that answers with
 * megabytes costs no memory. The rest is read and dropped.
 */
final class AnswerPrefix implements WriteStream<Buffer> {
  static final int MAX_BYTES = 300;

  private final Buffer kept = Buffer.buffer();
  private final Promise<String> result = Promise.promise();

  /** The kept prefix, once the whole answer has been read. */
  Future<String> result() {
    return result.future();
  }

  @Override
  public AnswerPrefix exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public Future<Void> write(Buffer data) {
    int room = MAX_BYTES - kept.length();
    if (room > 0) {
      kept.appendBuffer(data, 0, Math.min(room, data.length()));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    result.tryComplete(kept.toString(StandardCharsets.UTF_8));
    return Future.succeededFuture();
  }

  @Override
  public AnswerPrefix setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return false;
  }

  @Override
  public AnswerPrefix drainHandler(Handler<Void> handler) {
    return this;
  }
}
