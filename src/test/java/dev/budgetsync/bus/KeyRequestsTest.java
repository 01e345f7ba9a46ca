package dev.budgetsync.bus;

import dev.budgetsync.domain.Scope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class KeyRequestsTest {
  private static String refusal(JsonObject body) {
    return catchThrowableOfType(ServiceError.class, () -> KeyRequests.create(body)).detail();
  }

  @Test
  void aSpendKeyWithItsAccounts() {
    KeyRequests.CreateKey key = KeyRequests.create(new JsonObject().put("name", "agent-42").put("scope", "spend")
        .put("accounts", new JsonArray().add("acct_1").add("acct_2").add("acct_1")).put("enforce", true));
    assertThat(key).isEqualTo(new KeyRequests.CreateKey("agent-42", Scope.SPEND, List.of("acct_1", "acct_2"), true));
  }

  @Test
  void anAdminKeyActsOnEveryAccountAndNamesNone() {
    assertThat(KeyRequests.create(new JsonObject().put("name", "ops").put("scope", "admin")).accounts()).isEmpty();
    assertThat(refusal(new JsonObject().put("name", "ops").put("scope", "admin")
        .put("accounts", new JsonArray().add("a")))).startsWith("accounts must be left out");
  }

  @Test
  void whatIsRefused() {
    assertThat(refusal(new JsonObject().put("scope", "read").put("accounts", new JsonArray().add("a"))))
        .startsWith("name");
    assertThat(refusal(new JsonObject().put("name", "n").put("scope", "owner"))).startsWith("scope");
    assertThat(refusal(new JsonObject().put("name", "n").put("scope", "read"))).startsWith("accounts must list");
    assertThat(refusal(new JsonObject().put("name", "n").put("scope", "read").put("accounts", new JsonArray())))
        .startsWith("accounts must list");
    assertThat(refusal(new JsonObject().put("name", "n").put("scope", "read").put("accounts", "acct_1")))
        .startsWith("accounts must be an array");
    assertThat(refusal(new JsonObject().put("name", "n").put("scope", "read")
        .put("accounts", new JsonArray().add("bad account")))).startsWith("accounts must hold");
    assertThat(refusal(new JsonObject().put("name", "n\u0000").put("scope", "read")
        .put("accounts", new JsonArray().add("a")))).startsWith("name");
    assertThat(catchThrowableOfType(ServiceError.class, () -> KeyRequests.revoke(new JsonObject().put("id", "res_1")))
        .detail()).startsWith("id must be a key id");
  }
}
