package dev.budgetsync.bus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.DatabindCodec;

import java.io.IOException;

/**
 * Reads a request body as one JSON object, refusing what a lenient parser would quietly accept:
 * duplicate keys (which value would count?), invalid UTF-8, trailing content, nesting past
 * Jackson's default depth limit.
 */
public final class StrictJson {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private StrictJson() {
  }

  /** The object, or null when {@code body} is anything else. */
  public static JsonObject object(Buffer body) {
    try {
      // One pass: Vert.x's own decoding (which also refuses trailing content) over the strict parser.
      JsonParser parser = FACTORY.createParser(body.getBytes());
      Object value = DatabindCodec.fromParser(parser, Object.class);
      return value instanceof JsonObject object ? object : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
