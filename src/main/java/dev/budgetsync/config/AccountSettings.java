package dev.budgetsync.config;

import java.util.List;
import java.util.regex.Pattern;

/** What the money rules need to know about the deployment: pure data, no I/O. */
public record AccountSettings(
    String defaultAccount, String budgetCurrency, boolean livemode, List<Integer> alertThresholds) {

  private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_.:@-]{1,64}");

  public static boolean isValidAccount(String account) {
    return account != null && ACCOUNT.matcher(account).matches();
  }
}
