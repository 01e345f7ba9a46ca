package dev.budgetsync.domain;

/**
 * Credits, debits and spend of one UTC day ({@code YYYY-MM-DD}) of an account's month;
 * {@code toppedUp} is the part of {@code credited} that manual top-ups brought (the rest is payments).
 */
public record DayTotals(String day, long credited, long debited, long spent, long toppedUp) {
}
