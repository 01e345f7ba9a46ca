package dev.budgetsync.stripe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a Stripe list ({@code {"object": "list", "data": [...], "has_more": bool}}), each item
 * kept as the exact bytes Stripe sent: an event read from the API goes to billing as a webhook's
 * body does, and billing parses it once, with the same strict parser.
 */
public record StripeList(List<Buffer> items, List<String> ids, boolean hasMore) {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** The id of the last item, the {@code starting_after} of the next page; null when the page is empty. */
  public String lastId() {
    return ids.isEmpty() ? null : ids.get(ids.size() - 1);
  }

  /** The items parsed, for lists whose items the caller reads rather than passes on. */
  public List<JsonObject> objects() {
    return items.stream().map(JsonObject::new).toList();
  }

  /**
   * Cuts a list body into its items without building them; an item without a string {@code id} is
   * refused, and so is a page with more items than a page is asked for (it would cost time and memory
   * per item, and no real page holds them).
   */
  static StripeList parse(Buffer body) {
    byte[] bytes = body.getBytes();
    List<Buffer> items = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    boolean hasMore = false;
    boolean sawData = false;
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("the answer is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("data".equals(field) && value == JsonToken.START_ARRAY) {
          sawData = true;
          while (parser.nextToken() == JsonToken.START_OBJECT) {
            if (items.size() == StripeApi.PAGE_SIZE) {
              throw new StripeApiException(StripeApiException.Kind.MISBEHAVED, 200, "the Stripe API answered a list"
                  + " page with more than the " + StripeApi.PAGE_SIZE + " items asked for; the walk stopped there");
            }
            int start = (int) parser.currentTokenLocation().getByteOffset();
            String id = idOf(parser);
            int end = (int) parser.currentLocation().getByteOffset();
            items.add(body.getBuffer(start, end));
            ids.add(id);
          }
          if (parser.currentToken() != JsonToken.END_ARRAY) {
            throw malformed("a list item is not a JSON object");
          }
        } else {
          hasMore = "has_more".equals(field) ? value == JsonToken.VALUE_TRUE : hasMore;
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      throw malformed("the answer is not valid JSON");
    }
    if (!sawData) {
      throw malformed("the answer has no data list");
    }
    return new StripeList(List.copyOf(items), List.copyOf(ids), hasMore);
  }

  /** Reads an item to its closing brace, returning its top-level {@code id}. */
  private static String idOf(JsonParser parser) throws IOException {
    String id = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("id".equals(field) && value == JsonToken.VALUE_STRING) {
        id = parser.getText();
      } else {
        parser.skipChildren();
      }
    }
    if (id == null) {
      throw malformed("a list item has no id");
    }
    return id;
  }

  private static StripeApiException malformed(String why) {
    return new StripeApiException(StripeApiException.Kind.UNREACHABLE, 200, "the answer is not a Stripe list: " + why);
  }
}
