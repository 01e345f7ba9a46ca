-- Each running total of a month stays within 10^18 minor units (money.Amounts.MAX_TOTAL), so that
-- credited - debited - spent - reserved can never overflow a bigint, in SQL or in Java. A write that
-- would pass it fails with this constraint's name and is answered 400, writing nothing.
alter table budget_month add constraint budget_month_totals_bounded
  check (greatest(credited, debited, spent, reserved) <= 1000000000000000000);
