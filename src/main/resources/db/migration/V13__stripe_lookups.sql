-- Attribution lookups (docs/money.md, "What Stripe's API fills in"): what Stripe's API answered
-- about the payment of a refund or dispute that no event placed, asked once per id. A settled
-- answer's facts count among its payment's facts as an event's do (FACTS_OF_PAYMENTS); a pending
-- one (the API failed) is asked again by the next reconciliation run.
create table stripe_lookup (
  id          text primary key,   -- the Stripe id asked about: pi_... or ch_...
  status      text not null check (status in ('pending', 'found', 'none')),
  anchor      text,               -- the id under which the payment finds the facts (like stripe_event.anchor)
  facts       jsonb,              -- PaymentFacts: linked ids and account hints; null unless found
  created     timestamptz,        -- Stripe time the facts count from
  attempts    int not null default 0,
  error       text,               -- why the last attempt failed, while pending
  updated_at  timestamptz not null default now()
);
create index stripe_lookup_anchor on stripe_lookup (anchor) where anchor is not null;
create index stripe_lookup_pending on stripe_lookup (updated_at) where status = 'pending';
