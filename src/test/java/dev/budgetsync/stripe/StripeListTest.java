package dev.budgetsync.stripe;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A list page is cut into its items' exact bytes, whatever their spacing, escapes and characters. */
class StripeListTest {

  @Test
  void itemsAreTheExactBytesOfTheAnswer() {
    String first = "{\n    \"id\" : \"evt_1\",\n    \"data\": {\"object\": {\"id\": \"cs_1\","
        + " \"name\": \"J\\u00fcrgen \\\"\\u0000\"}}, \"amount\": 1.50e2 }";
    String second = "{\"data\":{\"id\":\"nested_not_top\"},\"id\":\"evt_2\",\"note\":\"ÄÖ €\"}";
    String body = "{\n  \"object\": \"list\",\n  \"url\": \"/v1/events\",\n  \"data\": [\n    " + first + ",\n    "
        + second + "\n  ],\n  \"has_more\": true\n}";

    StripeList list = StripeList.parse(Buffer.buffer(body.getBytes(UTF_8)));

    assertThat(list.ids()).containsExactly("evt_1", "evt_2");
    assertThat(list.items()).extracting(item -> item.toString(UTF_8)).containsExactly(first, second);
    assertThat(list.hasMore()).isTrue();
    assertThat(list.lastId()).isEqualTo("evt_2");
  }

  @Test
  void anAnswerThatIsNotAListIsRefused() {
    for (String body : new String[] {"<html>proxy error</html>", "{\"object\": \"list\"}", "{\"data\": [1, 2]}",
        "{\"data\": [{\"object\": \"event\"}]}", "[]"}) {
      StripeApiException error = catchThrowableOfType(StripeApiException.class,
          () -> StripeList.parse(Buffer.buffer(body)));
      assertThat(error).as(body).isNotNull();
      assertThat(error.getMessage()).as(body).startsWith("the answer is not a Stripe list");
    }
  }
}
