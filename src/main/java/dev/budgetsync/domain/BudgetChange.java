package dev.budgetsync.domain;

import io.vertx.core.json.JsonObject;

import java.util.List;

/** A committed change of one account's month, to be published once its transaction commits. */
public record BudgetChange(String account, String month, List<Integer> fired, List<Integer> recovered) {
  public JsonObject toJson() {
    return new JsonObject().put("account", account).put("month", month);
  }

  public JsonObject alertJson(int threshold, String state) {
    return toJson().put("threshold", threshold).put("state", state);
  }
}
