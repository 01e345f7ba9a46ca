package dev.budgetsync.attack;

import io.vertx.core.Vertx;

import java.util.List;
import java.util.Map;

/**
 * The attacker as a process of its own, so that the test can run it at the lowest CPU priority: a
 * remote attacker's work happens on its own machines, not on the service's cores. Arguments: the
 * port, the number of concurrent uploads per wave, their size in bytes, then one argument per wave:
 * its {@code Stripe-Signature} headers separated by {@code |}, the uploads shared among them. Prints
 * one line per wave: {@code WAVE <n> {<outcome>=<count>, ...}}.
 */
public final class FloodMain {
  private FloodMain() {
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int count = Integer.parseInt(args[1]);
    long bytes = Long.parseLong(args[2]);
    Vertx vertx = Vertx.vertx();
    RawUploads uploads = new RawUploads(vertx);
    for (int i = 3; i < args.length; i++) {
      Map<String, Integer> outcomes = uploads.flood(port, count, bytes, List.of(args[i].split("\\|")));
      System.out.println("WAVE " + (i - 2) + " " + outcomes);
    }
    uploads.close();
    vertx.close().await();
  }
}
