package dev.budgetsync.store;

/** The notification outbox, its destinations and their deliveries. Values are always bound parameters. */
final class NotifySql {
  private NotifySql() {
  }

  // Notifications: the outbox (written with the change that caused it) and its sender.

  /**
   * The notifications and, in the same statement, one delivery per active destination. With no
   * destination configured nothing is written: there would be nobody to deliver to.
   */
  static final String ADD_NOTIFICATIONS = """
      with added as (
        insert into notification (id, type, created, body)
        select id, type, created, body
        from unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) with ordinality as n(id, type, created, body, i)
        where exists (select 1 from notify_destination where active)
        order by i
        returning id)
      insert into notification_delivery (notification_id, destination)
      select added.id, d.key from added cross join notify_destination d where d.active""";

  static final String DEACTIVATE_DESTINATIONS = """
      update notify_destination set active = false where active and not (key = any($1))""";

  static final String UPSERT_DESTINATIONS = """
      insert into notify_destination (key, position, host, slack, active)
      select key, position, host, slack, true from unnest($1::text[], $2::int[], $3::text[], $4::bool[])
           as d(key, position, host, slack)
      on conflict (key) do update
        set position = excluded.position, host = excluded.host, slack = excluded.slack, active = true""";

  /** Deliveries to a destination no longer configured are given up: nobody here can send them. */
  static final String ABANDON_REMOVED_DESTINATIONS = """
      update notification_delivery d
      set status = 'failed', claim = null, last_error = 'the destination is no longer in NOTIFY_URLS',
          updated_at = clock_timestamp()
      from notify_destination n
      where n.key = d.destination and not n.active and d.status = 'pending'""";

  /**
   * Claims up to {@code free} due deliveries per destination ($1, $2) for claim $3, leased for $4 ms:
   * rows another sender is claiming are skipped, and a claimed row is not due again before its lease ends.
   */
  static final String CLAIM_DELIVERIES = """
      with due as (
        select d.notification_id, d.destination
        from unnest($1::text[], $2::int[]) as q(destination, free)
        cross join lateral (
          select notification_id, destination from notification_delivery
          where destination = q.destination and status = 'pending' and next_attempt_at <= clock_timestamp()
          order by next_attempt_at
          limit q.free
          for update skip locked) d)
      update notification_delivery x
      set claim = $3, attempts = x.attempts + 1,
          next_attempt_at = clock_timestamp() + make_interval(secs => $4::float8 / 1000), updated_at = clock_timestamp()
      from due, notification n
      where x.notification_id = due.notification_id and x.destination = due.destination and n.id = x.notification_id
      returning x.notification_id, x.destination, x.attempts, n.body""";

  /**
   * Records an attempt ($4: delivered, stopped or retry) unless the claim $3 was lost to another sender
   * meanwhile. A retry waits $5 ms, or fails when that is past NOTIFY_RETRY_HOURS ($6) from retry_from.
   */
  static final String RECORD_ATTEMPT = """
      update notification_delivery
      set status = case $4::text when 'delivered' then 'delivered' when 'stopped' then 'failed'
                     else case when clock_timestamp() + make_interval(secs => $5::float8 / 1000)
                                    > retry_from + make_interval(hours => $6::int)
                               then 'failed' else 'pending' end end,
          next_attempt_at = clock_timestamp() + make_interval(secs => $5::float8 / 1000),
          delivered_at = case $4::text when 'delivered' then clock_timestamp() end,
          claim = null, last_status = $7, last_error = $8, updated_at = clock_timestamp()
      where notification_id = $1 and destination = $2 and claim = $3
      returning status""";

  static final String PENDING_BY_DESTINATION = """
      select destination, count(*) as pending from notification_delivery where status = 'pending'
      group by destination""";

  static final String NOTIFICATION_SEQ = "select seq from notification where id = $1";

  /** Newest first, before seq $1, at most $2, of status $3 (null: any), or the one with id $4. */
  static final String NOTIFICATIONS_PAGE = """
      select n.seq, n.id, n.type, n.created, n.body, s.status
      from notification n
      cross join lateral (
        select case when bool_or(d.status = 'pending') then 'pending'
                    when bool_or(d.status = 'failed') then 'failed'
                    else 'delivered' end as status
        from notification_delivery d where d.notification_id = n.id) s
      where n.seq < $1 and ($3::text is null or s.status = $3) and ($4::text is null or n.id = $4)
      order by n.seq desc
      limit $2""";

  static final String DELIVERIES_OF = """
      select d.notification_id, t.position, t.host, d.status, d.attempts, d.last_status, d.last_error,
             d.next_attempt_at, d.delivered_at
      from notification_delivery d join notify_destination t on t.key = d.destination
      where d.notification_id = any($1)
      order by t.position""";

  /**
   * Sends a notification again to every destination still configured, with a fresh retry window;
   * a delivery that a sender holds right now (claimed, lease running) is left to it.
   */
  static final String RETRY_NOTIFICATION = """
      update notification_delivery d
      set status = 'pending', next_attempt_at = clock_timestamp(), retry_from = clock_timestamp(), claim = null,
          delivered_at = null, updated_at = clock_timestamp()
      from notify_destination t
      where d.notification_id = $1 and t.key = d.destination and t.active
        and (d.claim is null or d.next_attempt_at <= clock_timestamp())""";
}
