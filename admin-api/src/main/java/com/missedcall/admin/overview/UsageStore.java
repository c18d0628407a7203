package com.missedcall.admin.overview;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * Usage against caps, per workspace, read from {@code usage_counters} (the durable truth the Redis
 * counters are seeded from): SMS today and leads this month, in the workspace's own timezone.
 */
public final class UsageStore {
  static final String USAGE = """
      SELECT w.id, w.name, w.timezone,
             coalesce(w.daily_sms_cap, p.daily_sms_cap) AS daily_cap,
             coalesce(w.monthly_lead_cap, p.monthly_lead_cap) AS monthly_cap,
             to_char(now() AT TIME ZONE w.timezone, 'YYYY-MM-DD') AS today,
             to_char(now() AT TIME ZONE w.timezone, 'YYYY-MM') AS this_month,
             (date_trunc('day', now() AT TIME ZONE w.timezone) + interval '1 day') AT TIME ZONE w.timezone AS day_resets_at,
             (date_trunc('month', now() AT TIME ZONE w.timezone) + interval '1 month') AT TIME ZONE w.timezone
               AS month_resets_at,
             coalesce((SELECT u.used FROM usage_counters u WHERE u.workspace_id = w.id AND u.metric = 'sms_day'
                        AND u.period = to_char(now() AT TIME ZONE w.timezone, 'YYYYMMDD')::integer), 0) AS sms_today,
             coalesce((SELECT u.used FROM usage_counters u WHERE u.workspace_id = w.id AND u.metric = 'leads_month'
                        AND u.period = to_char(now() AT TIME ZONE w.timezone, 'YYYYMM')::integer), 0) AS leads_month
        FROM workspaces w JOIN plans p ON p.code = w.plan_code
       WHERE w.agency_id = $1 AND ($2::bigint IS NULL OR w.id = $2)
       ORDER BY w.id
       LIMIT 500""";

  public Future<JsonArray> usage(SqlClient db, long agencyId, Long workspaceId) {
    return db.preparedQuery(USAGE).execute(Tuple.of(agencyId, workspaceId)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(toJson(r)));
      return out;
    });
  }

  static JsonObject toJson(Row r) {
    return new JsonObject()
        .put("workspace_id", r.getLong("id"))
        .put("workspace_name", r.getString("name"))
        .put("timezone", r.getString("timezone"))
        .put("sms_today", meter(r.getInteger("sms_today"), r.getInteger("daily_cap"), r.getString("today"),
            com.missedcall.admin.http.Json.value(r.getValue("day_resets_at"))))
        .put("leads_this_month", meter(r.getInteger("leads_month"), r.getInteger("monthly_cap"),
            r.getString("this_month"), com.missedcall.admin.http.Json.value(r.getValue("month_resets_at"))));
  }

  private static JsonObject meter(int used, int cap, String period, Object resetsAt) {
    return new JsonObject().put("used", used).put("cap", cap).put("period", period)
        .put("percent", cap == 0 ? (used == 0 ? 0 : 100) : Math.min(100, Math.round(used * 100.0 / cap)))
        .put("reached", used >= cap).put("resets_at", resetsAt);
  }
}
