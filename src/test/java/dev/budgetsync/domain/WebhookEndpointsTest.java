package dev.budgetsync.domain;

import dev.budgetsync.support.ApiSamples;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdict on the account's webhook endpoints: disabled ones, missing types, other applications' endpoints. */
class WebhookEndpointsTest {
  private static final List<String> ALL = EventMapper.SUPPORTED_EVENTS;

  @Test
  void aDisabledEndpointAndOneMissingChargeRefundedAreFound() {
    List<String> noRefunds = new ArrayList<>(ALL);
    noRefunds.remove("charge.refunded");
    JsonObject healthy = ApiSamples.endpoint("https://a.example/api/webhooks/stripe", "enabled", ALL);
    JsonObject disabled = ApiSamples.endpoint("https://b.example/api/webhooks/stripe", "disabled", ALL);
    JsonObject partial = ApiSamples.endpoint("https://c.example/api/webhooks/stripe/", "enabled", noRefunds);
    JsonObject otherApp = ApiSamples.endpoint("https://shop.example/stripe/hooks", "disabled", List.of("invoice.paid"));

    WebhookEndpoints.Health health = WebhookEndpoints.check(List.of(healthy, disabled, partial, otherApp), ALL);

    assertThat(health.problems()).containsEntry("disabled", 1).containsEntry("missing_events", 1)
        .containsEntry("no_endpoint", 0);
    assertThat(health.findings()).containsExactly(
        disabled.getString("id") + " (https://b.example/api/webhooks/stripe) is disabled: Stripe sends it nothing",
        partial.getString("id") + " (https://c.example/api/webhooks/stripe/) does not send charge.refunded");
    assertThat(health.endpoints()).extracting(e -> e.getJsonArray("problems").getList())
        .containsExactly(List.of(), List.of("disabled"), List.of("missing_events"), List.of());
    assertThat(health.endpoints()).extracting(e -> e.getBoolean("judged")).containsExactly(true, true, true, false);
    assertThat(health.endpoints().get(2).getJsonArray("missing_events").getList()).containsExactly("charge.refunded");
  }

  @Test
  void withoutAnEndpointOnThisRouteEveryOneIsJudgedAndAWildcardSendsEverything() {
    JsonObject proxied = ApiSamples.endpoint("https://gw.example/hooks/budget", "enabled", List.of("invoice.paid"));
    JsonObject everything = ApiSamples.endpoint("https://gw.example/hooks/all", "enabled", List.of("*"));

    WebhookEndpoints.Health health = WebhookEndpoints.check(List.of(proxied, everything), ALL);

    assertThat(health.endpoints()).allSatisfy(e -> assertThat(e.getBoolean("judged")).isTrue());
    assertThat(health.problems()).containsEntry("missing_events", 1);
    assertThat(health.endpoints().get(1).getJsonArray("problems")).isEmpty();
  }

  @Test
  void anAccountWithoutEndpointsIsAProblemToo() {
    WebhookEndpoints.Health health = WebhookEndpoints.check(List.of(), ALL);
    assertThat(health.problems()).containsEntry("no_endpoint", 1);
    assertThat(health.findings()).hasSize(1);
  }
}
