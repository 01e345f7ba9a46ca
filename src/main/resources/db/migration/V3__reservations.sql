-- Budget held for work in progress. The hold is counted in budget_month.reserved, changed in the
-- same transaction as the reservation's status, so the two never disagree.
create table reservation (
  id              text primary key,
  account         text not null,
  month           text not null,
  agent           text not null,
  amount          bigint not null check (amount > 0),
  currency        text not null,
  status          text not null check (status in ('held', 'settled', 'released', 'expired')),
  expires_at      timestamptz not null,
  created_at      timestamptz not null default clock_timestamp(),
  settled_amount  bigint check (settled_amount >= 0),
  closed_at       timestamptz
);
create index reservation_due on reservation (expires_at) where status = 'held';
create index reservation_held on reservation (account, month) where status = 'held';
