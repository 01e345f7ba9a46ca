-- The billing log: every signed Stripe event, once, with what became of it.
create table stripe_event (
  seq          bigint generated always as identity,
  id           text primary key,
  type         text not null,
  created      timestamptz,
  livemode     boolean not null,
  api_version  text,
  payload      jsonb not null,
  outcome      text not null check (outcome in
                 ('credited', 'debited', 'logged', 'skipped', 'ignored', 'needs_review', 'failed')),
  reason       text,
  account      text,
  amount       bigint,
  currency     text,
  details      jsonb not null default '{}',
  received_at  timestamptz not null default clock_timestamp()
);
-- Keyset pagination of the history, newest first, with and without a type filter.
create unique index stripe_event_seq on stripe_event (seq);
create index stripe_event_type_seq on stripe_event (type, seq);

-- Append-only: every change of money is a row; nothing is updated or deleted.
create table ledger_entry (
  id          bigint generated always as identity primary key,
  account     text not null,
  month       text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  kind        text not null check (kind in ('credit', 'debit', 'spend', 'alert')),
  amount      bigint not null check (amount >= 0),
  currency    text not null,
  source      text not null,
  money_key   text,
  charge_id   text,
  event_id    text references stripe_event (id),
  created_at  timestamptz not null default clock_timestamp(),
  metadata    jsonb not null default '{}'
);
-- The database, not the code, guarantees that one money object moves money once.
create unique index ledger_entry_money_key on ledger_entry (money_key) where money_key is not null;
create index ledger_entry_account_month on ledger_entry (account, month, id);
create index ledger_entry_charge on ledger_entry (charge_id) where charge_id is not null;

create function ledger_entry_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'ledger_entry is append-only';
end
$$;
create trigger ledger_entry_append_only before update or delete on ledger_entry
  for each row execute function ledger_entry_append_only();

-- Every id by which Stripe names a money object (a session, its PaymentIntent, its invoice, its
-- charge) points at the ledger key that moved its money: a second event naming any of them
-- finds it claimed and moves nothing.
create table money_object (
  key        text primary key,
  money_key  text not null
);
create index money_object_money_key on money_object (money_key);

-- The running total of the month's ledger entries, written in the same transaction.
create table budget_month (
  account     text not null,
  month       text not null,
  currency    text not null,
  credited    bigint not null default 0,
  debited     bigint not null default 0,
  spent       bigint not null default 0,
  reserved    bigint not null default 0,
  alerts      integer[] not null default '{}',
  updated_at  timestamptz not null default clock_timestamp(),
  primary key (account, month)
);
