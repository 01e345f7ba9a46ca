package dev.budgetsync.attack;

import com.hazelcast.multimap.MultiMap;
import dev.budgetsync.ClusterMode;
import dev.budgetsync.bus.Addresses;
import dev.budgetsync.support.Clusters;
import dev.budgetsync.support.Events;
import dev.budgetsync.support.LogCapture;
import dev.budgetsync.support.Ports;
import dev.budgetsync.support.StripeSigning;
import dev.budgetsync.support.TestApp;
import dev.budgetsync.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Attack 4 of issue 13: a JVM that joins the cluster knowing only its name. It reads from Hazelcast
 * every address that any member consumes, and tries each of them, plus the internal ones by name,
 * with bodies that would move money: without a key, with a wrong one, with the key in the wrong
 * header, as a publish (even with the right key). No ledger entry, event or reservation appears,
 * and no budget changes.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterTrustTest {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterTrustTest.class);
  private static final ClusterMode LOOPBACK = new ClusterMode(true, "127.0.0.1", 0, null);

  private final String clusterName = "budget-sync-trust-" + UUID.randomUUID();
  private final String schema = TestDatabase.newSchemaName();
  private Vertx member;
  private Vertx attacker;
  private TestApp app;

  @AfterEach
  void tearDown() throws Exception {
    if (app != null) {
      app.stop();
    }
    for (Vertx node : new Vertx[] {member, attacker}) {
      if (node != null) {
        node.close().await(20, TimeUnit.SECONDS);
      }
    }
    TestDatabase.dropSchema(schema);
  }

  @Test
  void aJoiningJvmWithoutTheKeyCannotMoveMoneyThroughAnyAddress() throws Exception {
    int memberPort = Ports.free();
    int attackerPort = Ports.free();
    member = LOOPBACK.join(new HazelcastClusterManager(Clusters.hazelcast(clusterName, memberPort, memberPort,
        attackerPort))).await(20, TimeUnit.SECONDS);
    HazelcastClusterManager intruder = new HazelcastClusterManager(Clusters.hazelcast(clusterName, attackerPort,
        memberPort, attackerPort));
    attacker = LOOPBACK.join(intruder).await(20, TimeUnit.SECONDS);
    app = TestApp.startOn(member, schema, new JsonObject());

    String account = Events.newId("acct");
    app.postJson("/api/budget/funds", new JsonObject().put("account", account).put("amount", 1000), null);
    String reservation = app.postJson("/api/budget/reservations", new JsonObject().put("account", account)
        .put("agent", "A").put("amount", 100), null).bodyAsJsonObject().getString("id");
    long entries = app.count("select count(*) from ledger_entry");
    JsonObject before = app.budget(account);

    Set<String> addresses = registeredBillingAddresses(intruder);
    assertThat(addresses).contains(Addresses.STATUS, Addresses.ADD_FUNDS, Addresses.SPEND, Addresses.CHECK,
        Addresses.RESERVE, Addresses.SETTLE, Addresses.RELEASE, Addresses.EVENTS, Addresses.LEDGER, Addresses.DAILY,
        Addresses.ACCOUNTS);
    addresses.addAll(List.of(Addresses.WEBHOOK, Addresses.REPROCESS, Addresses.READY));

    String event = Events.wrap("checkout.session.completed", Events.paidSession(5000, "usd", account)).encode();
    JsonObject money = new JsonObject().put("account", account).put("amount", 5000).put("agent", "A")
        .put("id", reservation).put("idempotency_key", Events.newId("key")).put("ttl_seconds", 60)
        .put("event", new JsonObject(event)).put("payload", event)
        .put("signature", StripeSigning.header(TestApp.SECRET, event));
    List<DeliveryOptions> tries = List.of(new DeliveryOptions(),
        new DeliveryOptions().addHeader("token", "guessed-token-0123456789"),
        new DeliveryOptions().addHeader("token", ""),
        new DeliveryOptions().addHeader("Authorization", "Bearer guessed-token-0123456789"));
    List<String> outcomes = new ArrayList<>();
    try (LogCapture logs = new LogCapture()) {
      for (String address : addresses) {
        for (DeliveryOptions options : tries) {
          ReplyException refused = catchThrowableOfType(ReplyException.class, () -> attacker.eventBus()
              .request(address, money.copy(), new DeliveryOptions(options).setSendTimeout(5000)).await());
          assertThat(refused).as(address + " answered the attacker").isNotNull();
          outcomes.add(address + " " + refused.failureType() + " " + refused.getMessage());
          assertThat(refused.failureType() == ReplyFailure.NO_HANDLERS
              || refused.failureCode() == 401).as(outcomes.get(outcomes.size() - 1)).isTrue();
        }
        // A publish reaches every consumer of the address and expects no answer: refused even with the key.
        attacker.eventBus().publish(address, money.copy(), new DeliveryOptions().addHeader("token", TestApp.TOKEN));
      }
      Thread.sleep(1000);
      assertThat(logs.from("dev.budgetsync.billing").stream()
          .filter(e -> e.getFormattedMessage().contains("published message was dropped"))).isNotEmpty();
    }
    LOG.info("the attacker tried {} addresses {} ways each: {}", addresses.size(), tries.size(),
        outcomes.stream().distinct().toList());

    assertThat(app.count("select count(*) from ledger_entry")).isEqualTo(entries);
    assertThat(app.count("select count(*) from stripe_event")).isZero();
    assertThat(app.count("select count(*) from reservation")).isEqualTo(1);
    assertThat(app.query("select status from reservation where id = $1", reservation).get(0).getString(0))
        .isEqualTo("held");
    assertThat(app.budget(account)).isEqualTo(before);
  }

  /**
   * What any member can read: the addresses that every member consumes, from Vert.x's map in
   * Hazelcast; but the two that billing publishes to, whose listeners only pass notifications on,
   * and the key revocations, whose listeners only empty a cache (the next request looks its key up).
   */
  private static Set<String> registeredBillingAddresses(HazelcastClusterManager manager) {
    MultiMap<String, Object> subscriptions = manager.getHazelcastInstance().getMultiMap("__vertx.subs");
    Set<String> addresses = new TreeSet<>();
    subscriptions.keySet().stream().filter(a -> a.startsWith("billing."))
        .filter(a -> !a.equals(Addresses.UPDATED) && !a.equals(Addresses.ALERT) && !a.equals(Addresses.KEYS_REVOKED))
        .forEach(addresses::add);
    return addresses;
  }
}
