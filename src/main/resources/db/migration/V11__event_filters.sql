-- The event history's filters (GET /api/stripe/events?outcome=...&account=...&created[gte]=...):
-- each answers newest first from its own index instead of scanning every event (docs/performance.md,
-- "Event history filters", has the plans measured on 300,000 events).
create index stripe_event_outcome_seq on stripe_event (outcome, seq);
create index stripe_event_account_seq on stripe_event (account, seq);
create index stripe_event_created on stripe_event (created);
