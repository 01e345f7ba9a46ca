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

  /** Found by attacking the running jar (round 3, F6): pages of a million tiny items ran a dry run out of heap. */
  @Test
  void aPageWithMoreItemsThanAskedForIsRefusedAtTheFirstItemTooMany() {
    StringBuilder body = new StringBuilder("{\"object\": \"list\", \"has_more\": true, \"data\": [");
    for (int i = 0; i < 100_000; i++) {
      body.append(i == 0 ? "" : ",").append("{\"id\": \"evt_").append(i).append("\"}");
    }
    String full = body.append("]}").toString();
    StripeApiException error = catchThrowableOfType(StripeApiException.class,
        () -> StripeList.parse(Buffer.buffer(full)));
    assertThat(error.kind()).isEqualTo(StripeApiException.Kind.MISBEHAVED);
    assertThat(error.getMessage()).isEqualTo("the Stripe API answered a list page with more than the 100 items asked"
        + " for; the walk stopped there");
    assertThat(StripeList.parse(Buffer.buffer(full.substring(0, full.indexOf(",{\"id\": \"evt_100\"}")) + "]}"))
        .ids()).hasSize(100);
  }
}
