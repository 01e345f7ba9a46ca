-- A refund or dispute that arrives before the payment it takes back cannot know that payment's
-- account, and is debited from the fallback account. Its entry keeps the payment's ids here, so
-- that when the payment is credited the debit is moved (a reversal and a new entry, both keyed
-- once) to the payment's account: budgets do not depend on the order of delivery.
alter table ledger_entry add column payment_keys text[];
create index ledger_entry_payment_keys on ledger_entry using gin (payment_keys) where payment_keys is not null;
