package dev.budgetsync.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.regex.Pattern;

/** What the money rules need to know about the deployment: pure data, no I/O. */
public record AccountSettings(
    String defaultAccount, String budgetCurrency, boolean livemode, List<Integer> alertThresholds) {

  private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_.:@-]{1,64}");

  public static boolean isValidAccount(String account) {
    return account != null && ACCOUNT.matcher(account).matches();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("defaultAccount", defaultAccount)
        .put("budgetCurrency", budgetCurrency)
        .put("livemode", livemode)
        .put("alertThresholds", new JsonArray(List.copyOf(alertThresholds)));
  }

  public static AccountSettings fromJson(JsonObject json) {
    return new AccountSettings(
        json.getString("defaultAccount"),
        json.getString("budgetCurrency"),
        json.getBoolean("livemode", false),
        json.getJsonArray("alertThresholds").stream().map(o -> ((Number) o).intValue()).toList());
  }
}
