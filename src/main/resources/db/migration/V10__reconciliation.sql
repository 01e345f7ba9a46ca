-- How each event arrived: a signed webhook, or Stripe's Events API read by reconciliation.
-- A constant default adds the column without rewriting the table; the check is added NOT VALID so
-- that it does not scan the existing rows (all of which are webhooks) under the table's lock.
alter table stripe_event add column source text not null default 'webhook';
alter table stripe_event add constraint stripe_event_source check (source in ('webhook', 'api')) not valid;

-- One row per reconciliation run: what it listed, what it did, and the webhook endpoints' health
-- as it found them. The last successful (not dry) run's "until" is the next run's watermark.
create table reconcile_run (
  id                 bigint generated always as identity primary key,
  trigger            text not null check (trigger in ('schedule', 'cli')),
  instance           text not null,
  status             text not null check (status in
                       ('running', 'ok', 'partial', 'failed', 'skipped', 'interrupted')),
  dry_run            boolean not null,
  since              timestamptz not null,
  until              timestamptz not null,
  listed             integer not null default 0,
  already_stored     integer not null default 0,
  processed          jsonb not null default '{}',
  errors             integer not null default 0,
  failure            text,
  error              text,
  webhook_endpoints  jsonb,
  started_at         timestamptz not null default clock_timestamp(),
  finished_at        timestamptz
);
create index reconcile_run_watermark on reconcile_run (until) where status = 'ok' and not dry_run;
