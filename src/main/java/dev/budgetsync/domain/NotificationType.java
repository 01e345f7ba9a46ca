package dev.budgetsync.domain;

/** What a notification tells its receivers; {@link #wire()} is its {@code type}. */
public enum NotificationType {
  BUDGET_ALERT_FIRED("budget.alert.fired"),
  BUDGET_ALERT_RECOVERED("budget.alert.recovered"),
  BUDGET_EXHAUSTED("budget.exhausted"),
  STRIPE_EVENT_NEEDS_REVIEW("stripe.event.needs_review"),
  STRIPE_EVENT_FAILED("stripe.event.failed"),
  RECONCILE_PROBLEM("reconcile.problem"),
  /** Sent by {@code notify test} only, never written to the outbox. */
  TEST("notification.test");

  private final String wire;

  NotificationType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
