package com.missedcall.admin.operator;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/** Reads the {@code plans} table: what the operator can put agencies and workspaces on. */
final class PlanStore {
  static final String LIST = """
      SELECT code, name, textback, ai_replies, daily_sms_cap, monthly_lead_cap FROM plans ORDER BY code""";
  static final String EXISTS = "SELECT 1 FROM plans WHERE code = $1";

  Future<JsonArray> list(SqlClient db) {
    return db.query(LIST).execute().map(rows -> {
      JsonArray plans = new JsonArray();
      rows.forEach(r -> plans.add(com.missedcall.admin.http.Json.row(r, "code", "name", "textback", "ai_replies",
          "daily_sms_cap", "monthly_lead_cap")));
      return plans;
    });
  }

  Future<Boolean> exists(SqlClient db, String code) {
    return db.preparedQuery(EXISTS).execute(Tuple.of(code)).map(rows -> rows.size() > 0);
  }
}
