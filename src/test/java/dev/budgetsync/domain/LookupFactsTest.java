package dev.budgetsync.domain;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the attribution lookup's API answers state: linked ids and ranked hints, never money. */
class LookupFactsTest {

  private static JsonObject metadata(String account) {
    return new JsonObject().put("account_id", account);
  }

  @Test
  void aPaymentIntentLinksItsChargeAndItsInvoicesAndHintsAtEachRank() {
    JsonObject pi = new JsonObject().put("id", "pi_1").put("metadata", metadata("acct_pi"))
        .put("latest_charge", new JsonObject().put("id", "ch_1").put("metadata", metadata("acct_ch")));
    JsonObject invoice = new JsonObject().put("id", "in_1").put("metadata", metadata("acct_in"))
        .put("parent", new JsonObject().put("subscription_details", new JsonObject().put("metadata",
            metadata("acct_sub"))));
    JsonObject legacy = new JsonObject().put("id", "in_2")
        .put("subscription_details", new JsonObject().put("metadata", metadata("acct_old")));

    PaymentFacts facts = LookupFacts.of("pi_1", pi, null, List.of(invoice, legacy), 1_760_000_000L);

    assertThat(facts.eventId()).isEqualTo("lookup:pi_1");
    assertThat(LookupFacts.isLookup(facts.eventId())).isTrue();
    assertThat(facts.created()).isEqualTo(1_760_000_000L);
    assertThat(facts.ids()).containsExactly("pi_1", "ch_1", "in_1", "in_2");
    assertThat(facts.facts()).containsExactly(
        new Fact.Hint(AccountSource.PAYMENT_INTENT_METADATA, "acct_pi"),
        new Fact.Hint(AccountSource.CHARGE_METADATA, "acct_ch"),
        new Fact.Hint(AccountSource.INVOICE_METADATA, "acct_in"),
        new Fact.Hint(AccountSource.SUBSCRIPTION_METADATA, "acct_sub"),
        new Fact.Hint(AccountSource.SUBSCRIPTION_METADATA, "acct_old"));
    assertThat(PaymentFacts.fromJson(facts.eventId(), facts.created(), facts.toJson())).isEqualTo(facts);
  }

  @Test
  void aChargeWithoutPaymentIntentHintsByItsOwnMetadataAndUnusableAccountsAreDropped() {
    JsonObject charge = new JsonObject().put("id", "ch_9").put("metadata", metadata("acct 9 has spaces"));
    assertThat(LookupFacts.of("ch_9", null, charge, List.of(), 0)).as("nothing beyond the id asked").isNull();

    charge.put("metadata", metadata("acct_9"));
    PaymentFacts facts = LookupFacts.of("ch_9", null, charge, List.of(), 0);
    assertThat(facts.ids()).containsExactly("ch_9");
    assertThat(facts.facts()).containsExactly(new Fact.Hint(AccountSource.CHARGE_METADATA, "acct_9"));
  }

  @Test
  void anAnswerThatCannotBeReadStatesNothing() {
    JsonObject pi = new JsonObject().put("id", "pi_1").put("latest_charge", "ch_\u0000bad");
    assertThat(LookupFacts.of("pi_1", pi, null, List.of(), 0)).isNull();
  }
}
