-- Claims, refund totals and misplaced entries gave way to payments and their facts (V6, V6.1).
drop table misplaced_entry;
drop table refund_total;
drop table money_object;
