package com.missedcall.admin.summaries;

import com.missedcall.admin.http.Json;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Map;

/**
 * What the daily summary did on the workspace's last days (the workers write {@code daily_summaries}; this only
 * reads it): sent with how many emails and texts, or skipped with its reason in words.
 */
public final class DailySummaryHistory {
  static final String LIST = """
      SELECT s.day, s.status, s.reason, s.counts, s.emails, s.texts, s.created_at
        FROM daily_summaries s JOIN workspaces w ON w.id = s.workspace_id
       WHERE w.agency_id = $1 AND s.workspace_id = $2
       ORDER BY s.day DESC
       LIMIT $3""";

  /** The worker's skip reasons, as an owner reads them. */
  static final Map<String, String> REASONS = Map.of(
      "no_missed_calls", "Nothing to report: no missed calls the day before",
      "no_destinations", "Nobody to send it to: no email address takes the daily summary and no team number gets it");

  public Future<JsonArray> list(SqlClient db, long agencyId, long workspaceId, int limit) {
    return db.preparedQuery(LIST).execute(Tuple.of(agencyId, workspaceId, limit)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(toJson(r)));
      return out;
    });
  }

  static JsonObject toJson(Row r) {
    String reason = r.getString("reason");
    Object counts = r.getValue("counts");
    return new JsonObject()
        .put("day", r.getLocalDate("day").toString())
        .put("reports_day", r.getLocalDate("day").minusDays(1).toString())
        .put("status", r.getString("status"))
        .put("reason", reason)
        .put("reason_words", reason == null ? null : REASONS.getOrDefault(reason, reason.replace('_', ' ')))
        .put("counts", counts instanceof JsonObject json ? json : new JsonObject())
        .put("emails", r.getInteger("emails"))
        .put("texts", r.getInteger("texts"))
        .put("created_at", Json.value(r.getValue("created_at")));
  }
}
