-- budget.exhausted fires once per crossing of remaining to 0 or below, and again only after a
-- credit lifted remaining above 0: a hold released and taken again is no new crossing. True from
-- the notification until that credit. A row already at 0 or below is taken as notified.
alter table budget_month add column exhausted boolean not null default false;
update budget_month set exhausted = true where credited - debited - spent - reserved <= 0;
