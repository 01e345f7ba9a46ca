-- Notifications as a transactional outbox: a notification is written in the same transaction as
-- the change that caused it (an alert, an event's outcome), with one delivery row per configured
-- destination; a sender delivers each row at least once.

-- The destinations of NOTIFY_URLS, synced at each start. Keyed by a hash of the URL: the URL
-- itself (a Slack webhook URL is a secret) stays in the configuration and never reaches the database.
create table notify_destination (
  key       text primary key,
  position  integer not null,
  host      text not null,
  slack     boolean not null,
  active    boolean not null
);

create table notification (
  seq      bigint generated always as identity,
  id       text primary key,
  type     text not null,
  created  timestamptz not null,
  -- The exact JSON that is signed and sent, the same bytes at every attempt.
  body     text not null
);
create unique index notification_seq on notification (seq);

-- One row per notification and destination. A sender claims a row by setting claim and moving
-- next_attempt_at past the end of its request (a lease): nobody else sends it meanwhile, and a
-- sender that dies mid-send leaves a row that is sent again once the lease has run out.
create table notification_delivery (
  notification_id  text not null references notification (id),
  destination      text not null references notify_destination (key),
  status           text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts         integer not null default 0,
  next_attempt_at  timestamptz not null default clock_timestamp(),
  -- Retries stop NOTIFY_RETRY_HOURS after this; a manual retry starts the window again.
  retry_from       timestamptz not null default clock_timestamp(),
  claim            text,
  last_status      integer,
  last_error       text,
  delivered_at     timestamptz,
  updated_at       timestamptz not null default clock_timestamp(),
  primary key (notification_id, destination)
);
create index notification_delivery_due on notification_delivery (destination, next_attempt_at)
  where status = 'pending';
