package dev.budgetsync.bus;

/**
 * Event-bus addresses of the billing verticle. Requests and replies are JSON objects shaped like the
 * HTTP routes' bodies; failures reply with a {@code ReplyException} whose code is the HTTP status and
 * whose message is the error type.
 */
public final class Addresses {
  /**
   * Internal: verified webhook events from the HTTP verticle; body {@code {"event": {...}, "payload": "..."}},
   * {@code payload} being the verified body as text.
   */
  public static final String WEBHOOK = "billing.stripe.webhook";
  /** Internal: readiness, answered after a real query against PostgreSQL. */
  public static final String READY = "billing.health.ready";
  public static final String STATUS = "billing.budget.status";
  public static final String ADD_FUNDS = "billing.budget.add-funds";
  public static final String SPEND = "billing.spend.record";
  public static final String CHECK = "billing.budget.check";
  public static final String RESERVE = "billing.budget.reserve";
  /** Body {@code {"id": "res_...", "amount": N}}. */
  public static final String SETTLE = "billing.budget.settle";
  /** Body {@code {"id": "res_..."}}. */
  public static final String RELEASE = "billing.budget.release";
  public static final String LEDGER = "billing.budget.ledger";
  /** The month day by day for the dashboard: body {@code {"account", "month"}}. */
  public static final String DAILY = "billing.budget.daily";
  /** Accounts with a budget row in a month, with their status: body {@code {"month", "limit", "starting_after"}}. */
  public static final String ACCOUNTS = "billing.budget.accounts";
  /** The holds that still count in an account's month, for the dashboard: body {@code {"account", "month"}}. */
  public static final String OPEN_RESERVATIONS = "billing.budget.reservations";
  /** An account's month of agent spend, per agent: body {@code {"account", "month"}}. */
  public static final String AGENT_SPEND = "billing.spend.agents";
  public static final String EVENTS = "billing.stripe.events";
  /** Runs a stored failed or needs_review event again: {@code {"id": "evt_..."}}. */
  public static final String REPROCESS = "billing.stripe.reprocess";
  /**
   * Internal: runs a reconciliation with Stripe's Events API on this instance; body a
   * {@link ReconcileRequest}, reply the run as {@code GET /api/stripe/reconcile} lists it.
   */
  public static final String RECONCILE_RUN = "billing.stripe.reconcile.run";
  /** Internal: the last reconciliation runs and the webhook endpoints' health; body {@code {}}. */
  public static final String RECONCILE = "billing.stripe.reconcile";
  /** Stored notifications, newest first: {@code {"status", "limit", "starting_after"}}. */
  public static final String NOTIFICATIONS = "billing.notifications.list";
  /** Sends a stored notification again: {@code {"id": "ntf_..."}}. */
  public static final String NOTIFICATION_RETRY = "billing.notifications.retry";
  /** Creates an API key: {@code {"name", "scope", "accounts", "enforce"}}; the reply alone holds its secret. */
  public static final String KEYS_CREATE = "billing.keys.create";
  /** The API keys, without secrets: body {@code {}}. */
  public static final String KEYS_LIST = "billing.keys.list";
  /** Revokes an API key: {@code {"id": "key_..."}}. */
  public static final String KEYS_REVOKE = "billing.keys.revoke";
  /** Internal: the key a secret's hash belongs to, for the caches of {@code billing.Access}. */
  public static final String KEYS_LOOKUP = "billing.keys.lookup";
  /** Published to every member after a key is revoked: {@code {"id": "key_..."}}; each drops it from its cache. */
  public static final String KEYS_REVOKED = "billing.keys.revoked";
  /** Published after every committed change: {@code {"account", "month"}}. */
  public static final String UPDATED = "billing.budget.updated";
  /** Published when a threshold is crossed or recovers: {@code {"account", "month", "threshold", "state"}}. */
  public static final String ALERT = "billing.budget.alert";

  private Addresses() {
  }
}
