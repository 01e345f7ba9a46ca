-- Budgets become a function of the SET of events (docs/money.md). A payment is the set of Stripe ids
-- that any event has named together; each event keeps what it said about its payment (its facts),
-- and the payment's ledger is brought to what all its facts say, by new entries only.

-- The exact bytes of every signed event, whatever they contain (U+0000 included); `details` stays
-- the queryable form. Older rows keep the JSON that was stored.
alter table stripe_event alter column payload type bytea using convert_to(payload::text, 'UTF8');
alter table stripe_event add column anchor text, add column facts jsonb;
create index stripe_event_anchor on stripe_event (anchor) where anchor is not null;

-- Every id of a payment (cs_, pi_, in_, inpay_, ch_, re_, du_) names the payment it belongs to.
create table payment_link (
  key      text primary key,
  payment  text not null
);
create index payment_link_payment on payment_link (payment);

-- A Stripe entry names what it is about (`slot`: payment, refund:<re_>, refunded:<ch_>,
-- dispute:<du_>) and the Stripe id through which its payment finds it (`object_id`).
alter table ledger_entry add column slot text, add column object_id text;
create index ledger_entry_object on ledger_entry (object_id) where object_id is not null;
