-- Misplaced entries (a refund or dispute debited from a fallback account because its payment was
-- not known yet) are rare: they live in their own small table, keyed by the payment's ids, so the
-- lookup every credited payment makes stays cheap whatever the size of the ledger, even under a
-- cached generic plan. Rows go once the entry has been moved.
create table misplaced_entry (
  payment_key  text not null,
  money_key    text not null,
  primary key (payment_key, money_key)
);
insert into misplaced_entry (payment_key, money_key)
  select unnest(payment_keys), money_key from ledger_entry where payment_keys is not null and money_key is not null
  on conflict do nothing;
drop index ledger_entry_payment_keys;
alter table ledger_entry drop column payment_keys;
