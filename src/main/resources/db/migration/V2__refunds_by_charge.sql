-- Refunds of one charge arrive by refund id (refund.*, charge.refunded with refunds.data) and as
-- a cumulative amount_refunded (charge.refunded without the list). A charge is debited up to the
-- larger of the two, never their sum: refund ids remember their amount and charge here...
alter table money_object add column charge_id text, add column amount bigint;
create index money_object_charge on money_object (charge_id) where charge_id is not null;

-- ...and the largest cumulative amount seen per charge lives here. Its row is also the lock that
-- serializes concurrent refund events of one charge.
create table refund_total (
  charge_id   text primary key,
  cumulative  bigint not null check (cumulative >= 0)
);
