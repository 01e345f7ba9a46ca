package dev.budgetsync.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;

/**
 * Reads a request body as one JSON object, refusing what a lenient parser would quietly accept:
 * duplicate keys (which value would count?), invalid UTF-8, trailing content, nesting past
 * Jackson's default depth limit.
 */
final class StrictJson {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private StrictJson() {
  }

  /** The object, or null when {@code body} is anything else. */
  static JsonObject object(Buffer body) {
    byte[] bytes = body.getBytes();
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      while (parser.nextToken() != null) {
        // Reading every token is the check: the parser throws on the first fault.
      }
      Object value = io.vertx.core.json.Json.decodeValue(body);
      return value instanceof JsonObject object ? object : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
