package dev.budgetsync.domain;

import dev.budgetsync.money.MoneyFormat;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** One ledger entry as the ledger route shows it. */
public record LedgerLine(long id, EntryKind kind, long amount, String currency, String source, String eventId,
                         Instant createdAt, JsonObject metadata) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id).put("kind", kind.wire())
        .put("amount", amount).put("currency", currency)
        .put("display", MoneyFormat.display(amount, currency))
        .put("source", source).put("event_id", eventId)
        .put("created_at", createdAt.toString())
        .put("metadata", metadata);
  }
}
