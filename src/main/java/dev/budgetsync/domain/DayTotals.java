package dev.budgetsync.domain;

/** Credits, debits and spend of one UTC day ({@code YYYY-MM-DD}) of an account's month. */
public record DayTotals(String day, long credited, long debited, long spent) {
}
