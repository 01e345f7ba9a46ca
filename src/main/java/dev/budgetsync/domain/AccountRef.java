package dev.budgetsync.domain;

/**
 * Whose budget an entry moves. A refund or dispute goes to the account that its payment credited,
 * which only the ledger knows: {@code paymentKeys} name that payment, {@code fallback} is used when
 * none of them was credited.
 */
public record AccountRef(java.util.List<String> paymentKeys, String fallback) {
  public static AccountRef of(String account) {
    return new AccountRef(java.util.List.of(), account);
  }
}
