-- Lighter writes of each Stripe event (issue 16), measured in docs/performance.md.

-- The exact bytes of an event (about 3 KB for a Checkout Session) are compressed when stored.
-- pglz, the default, took about 60 us of PostgreSQL CPU per 3.5 KB event; lz4 about a fifth of
-- that, for rows about 13 % larger, and reads them back faster. Rows stored before stay as they
-- are; both read the same. A server built without lz4 keeps pglz.
do $$
begin
  execute 'alter table stripe_event alter column payload set compression lz4';
exception when feature_not_supported then
  raise notice 'this PostgreSQL has no lz4: stripe_event.payload stays compressed with pglz';
end
$$;

-- No statement has looked up ledger entries by charge since V6 (a payment finds its entries by
-- object_id): the index was only written, on every entry with a charge.
drop index ledger_entry_charge;
