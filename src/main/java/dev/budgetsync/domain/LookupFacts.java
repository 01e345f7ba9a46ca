package dev.budgetsync.domain;

import dev.budgetsync.config.AccountSettings;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

import static dev.budgetsync.domain.StripeFields.id;
import static dev.budgetsync.domain.StripeFields.object;
import static dev.budgetsync.domain.StripeFields.path;
import static dev.budgetsync.domain.StripeFields.string;

/**
 * What Stripe's API says about the payment of a refund or dispute that no event placed, as the facts
 * of a lookup: the ids it links (the PaymentIntent, its charges, the invoices it paid) and the account
 * hints of each object, ranked as an event's would be. No money: the events carry it. Booked like an
 * event's facts, a lookup joins the refund's payment to the invoice it took back and names its
 * account, and the money engine moves what the fallback account held.
 */
public final class LookupFacts {
  /** Lookups are stored beside events; their facts go by {@code lookup:<asked id>}, which no event id can be. */
  public static final String PREFIX = "lookup:";

  private LookupFacts() {
  }

  public static boolean isLookup(String eventId) {
    return eventId != null && eventId.startsWith(PREFIX);
  }

  /**
   * The facts of the lookup of {@code asked}; null when the answers name nothing beyond it (nothing to
   * book) or cannot be read.
   *
   * @param paymentIntent the PaymentIntent with {@code latest_charge} expanded; null when there is none
   * @param charge        the charge asked about; null when a PaymentIntent was asked about
   * @param invoices      the invoices the PaymentIntent paid
   * @param created       the time the facts count from (unix seconds): the PaymentIntent's or charge's creation
   */
  public static PaymentFacts of(String asked, JsonObject paymentIntent, JsonObject charge, List<JsonObject> invoices,
                                long created) {
    try {
      List<String> ids = new ArrayList<>(List.of(asked));
      List<Fact> hints = new ArrayList<>();
      if (charge != null) {
        add(ids, id(charge, "id"));
        hint(hints, AccountSource.CHARGE_METADATA, string(object(charge, "metadata"), "account_id"));
      }
      if (paymentIntent != null) {
        add(ids, id(paymentIntent, "id"));
        hint(hints, AccountSource.PAYMENT_INTENT_METADATA, string(object(paymentIntent, "metadata"), "account_id"));
        JsonObject latest = paymentIntent.getValue("latest_charge") instanceof JsonObject expanded ? expanded : null;
        add(ids, id(paymentIntent, "latest_charge"));
        hint(hints, AccountSource.CHARGE_METADATA, string(path(latest, "metadata"), "account_id"));
      }
      for (JsonObject invoice : invoices) {
        add(ids, id(invoice, "id"));
        hint(hints, AccountSource.INVOICE_METADATA, string(object(invoice, "metadata"), "account_id"));
        String subscription = string(path(invoice, "parent", "subscription_details", "metadata"), "account_id");
        hint(hints, AccountSource.SUBSCRIPTION_METADATA, subscription != null ? subscription
            : string(path(invoice, "subscription_details", "metadata"), "account_id"));
      }
      List<String> distinct = ids.stream().distinct().toList();
      if (distinct.size() == 1 && hints.isEmpty()) {
        return null;
      }
      return new PaymentFacts(PREFIX + asked, created, distinct, List.copyOf(hints));
    } catch (PoisonEventException | ClassCastException e) {
      return null;
    }
  }

  private static void add(List<String> ids, String id) {
    if (id != null) {
      ids.add(id);
    }
  }

  /** An unusable account id is dropped: a lookup never sends an event to review. */
  private static void hint(List<Fact> hints, AccountSource source, String account) {
    if (AccountSettings.isValidAccount(account)) {
      hints.add(new Fact.Hint(source, account));
    }
  }
}
