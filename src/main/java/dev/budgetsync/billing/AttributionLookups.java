package dev.budgetsync.billing;

import dev.budgetsync.domain.EventResult;
import dev.budgetsync.domain.Fact;
import dev.budgetsync.domain.LookupFacts;
import dev.budgetsync.domain.Outcome;
import dev.budgetsync.domain.PaymentFacts;
import dev.budgetsync.logging.RateLimitedLog;
import dev.budgetsync.store.Lookups;
import dev.budgetsync.stripe.StripeApi;
import dev.budgetsync.stripe.StripeApiException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static net.logstash.logback.argument.StructuredArguments.kv;

/**
 * Asks Stripe's API whose a refund or dispute is when its committed event left it on
 * {@code DEFAULT_ACCOUNT}: the PaymentIntent (its metadata, its latest charge's), the invoices it
 * paid ({@code GET /v1/invoice_payments}) and their subscription metadata. Only after the event's
 * commit and never awaited by it, so the webhook's answer does not wait for Stripe; the answer is
 * kept in {@code stripe_lookup} and booked through its own group commit, where the money engine
 * moves what the fallback account held. A failed lookup stays pending, and each reconciliation run
 * asks again. Confined to billing's event loop.
 */
final class AttributionLookups {
  private static final Logger LOG = LoggerFactory.getLogger(AttributionLookups.class);
  /** Lookups at once; more wait as pending for the next reconciliation run. */
  private static final int MAX_IN_FLIGHT = 8;
  private static final int PENDING_PER_RUN = 500;

  private final StripeApi api;
  private final Lookups lookups;
  private final GroupCommit<Lookups.Answer, String> commit;
  private final String defaultAccount;
  private final RateLimitedLog failures = new RateLimitedLog(LOG, 60_000);
  private final Set<String> inFlight = new HashSet<>();

  /** {@code api} is null without STRIPE_SECRET_KEY: then nothing is looked up. */
  AttributionLookups(StripeApi api, Lookups lookups, GroupCommit<Lookups.Answer, String> commit,
                     String defaultAccount) {
    this.api = api;
    this.lookups = lookups;
    this.commit = commit;
    this.defaultAccount = defaultAccount;
  }

  /** After an event's commit: a refund or dispute whose payment is on the fallback account is looked up. */
  void afterCommit(PaymentFacts facts, EventResult result) {
    if (api == null || facts == null || result.outcome() == Outcome.DUPLICATE
        || !defaultAccount.equals(result.account()) || !takesMoneyBack(facts)) {
      return;
    }
    String asked = facts.ids().stream().filter(id -> id.startsWith("pi_")).findFirst()
        .orElseGet(() -> facts.ids().stream().filter(id -> id.startsWith("ch_") || id.startsWith("py_"))
            .findFirst().orElse(null));
    if (asked != null) {
      lookUp(asked);
    }
  }

  /** The pending lookups asked again, one after another; what still fails stays pending. */
  Future<Void> retryPending() {
    if (api == null) {
      return Future.succeededFuture();
    }
    return lookups.pending(PENDING_PER_RUN).compose(ids -> {
      Future<Void> chain = Future.succeededFuture();
      for (String id : ids) {
        chain = chain.compose(v -> lookUp(id));
      }
      return chain;
    });
  }

  private static boolean takesMoneyBack(PaymentFacts facts) {
    return facts.facts().stream().anyMatch(fact -> fact instanceof Fact.RefundSeen
        || fact instanceof Fact.RefundedTotal || fact instanceof Fact.DisputeSeen);
  }

  /** Never fails: a failure is recorded as pending and logged. */
  private Future<Void> lookUp(String asked) {
    if (inFlight.contains(asked)) {
      return Future.succeededFuture();
    }
    if (inFlight.size() >= MAX_IN_FLIGHT) {
      return lookups.failed(asked, "too many lookups at once").otherwiseEmpty();
    }
    inFlight.add(asked);
    return lookups.settled(asked)
        .compose(settled -> settled ? Future.<Void>succeededFuture() : lookups.asking(asked)
            .compose(noted -> ask(asked)).compose(commit::submit)
            .onSuccess(account -> {
              if (account != null) {
                LOG.info("Stripe lookup {}: its payment belongs to {}", kv("lookup", asked), kv("account", account));
              }
            }).mapEmpty())
        .recover(error -> {
          failures.warn("Stripe lookup of {} failed, kept for the next reconciliation run: {}", asked,
              error.getMessage());
          return lookups.failed(asked, error.getMessage()).otherwiseEmpty();
        })
        .eventually(() -> {
          inFlight.remove(asked);
          return Future.succeededFuture();
        });
  }

  /** The API's answer about a PaymentIntent or a charge; an id the API does not know is an answer too. */
  private Future<Lookups.Answer> ask(String asked) {
    Future<Lookups.Answer> answer = asked.startsWith("pi_")
        ? api.paymentIntent(asked).compose(pi -> isPaymentIntent(pi, asked))
            .compose(pi -> withInvoices(asked, pi, null))
        : api.charge(asked).compose(charge -> {
          String pi = charge.getValue("payment_intent") instanceof String id ? id : null;
          if (!asked.equals(charge.getValue("id"))) {
            return Future.failedFuture(notWhatWasAsked(asked, charge));
          }
          return pi == null ? Future.succeededFuture(answer(asked, null, charge, List.of()))
              : api.paymentIntent(pi).compose(intent -> isPaymentIntent(intent, pi))
                  .compose(intent -> withInvoices(asked, intent, charge));
        });
    return answer.recover(error -> error instanceof StripeApiException e && e.status() == 404
        ? Future.succeededFuture(new Lookups.Answer(asked, null, 0)) : Future.failedFuture(error));
  }

  /**
   * The PaymentIntent asked for, and its expanded latest charge one of its own: an answer about another
   * object would link this payment to another's and move money between accounts.
   */
  private static Future<JsonObject> isPaymentIntent(JsonObject pi, String asked) {
    if (!asked.equals(pi.getValue("id"))) {
      return Future.failedFuture(notWhatWasAsked(asked, pi));
    }
    if (pi.getValue("latest_charge") instanceof JsonObject charge && charge.getValue("payment_intent") != null
        && !asked.equals(charge.getValue("payment_intent"))) {
      return Future.failedFuture(new IllegalStateException(
          "the Stripe API answered " + asked + " with the latest charge of another PaymentIntent"));
    }
    return Future.succeededFuture(pi);
  }

  private static IllegalStateException notWhatWasAsked(String asked, JsonObject answer) {
    String named = answer.getValue("id") instanceof String id && id.length() <= 64 ? " (" + id + ")" : "";
    return new IllegalStateException("the Stripe API answered " + asked + " with another object" + named);
  }

  private Future<Lookups.Answer> withInvoices(String asked, JsonObject pi, JsonObject charge) {
    return api.invoicePaymentsOf(pi.getString("id", asked)).compose(payments -> {
      List<JsonObject> invoices = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      for (JsonObject payment : payments) {
        if (payment.getValue("invoice") instanceof String invoice) {
          chain = chain.compose(v -> api.invoice(invoice).map(found -> {
            invoices.add(found);
            return null;
          }));
        }
      }
      return chain.map(v -> answer(asked, pi, charge, invoices));
    });
  }

  private static Lookups.Answer answer(String asked, JsonObject pi, JsonObject charge, List<JsonObject> invoices) {
    JsonObject origin = pi != null ? pi : charge;
    long created = origin.getValue("created") instanceof Number n ? n.longValue() : 0;
    return new Lookups.Answer(asked, LookupFacts.of(asked, pi, charge, invoices, created), created);
  }
}
