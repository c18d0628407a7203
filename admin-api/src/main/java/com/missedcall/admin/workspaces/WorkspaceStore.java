package com.missedcall.admin.workspaces;

import com.missedcall.admin.http.Json;
import com.missedcall.admin.http.Patch;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Owns the {@code workspaces} table for the admin API. Every statement names the agency first. */
public final class WorkspaceStore {
  static final String SELECT = """
      SELECT w.id, w.name, w.timezone, w.status, w.billing_status, w.plan_code, p.name AS plan_name,
             p.textback AS plan_textback, p.ai_replies AS plan_ai_replies,
             w.daily_sms_cap, w.monthly_lead_cap,
             coalesce(w.daily_sms_cap, p.daily_sms_cap) AS effective_daily_sms_cap,
             coalesce(w.monthly_lead_cap, p.monthly_lead_cap) AS effective_monthly_lead_cap,
             w.duplicate_window_seconds, w.textback_template, w.optout_footer,
             w.contact_phone, w.services, w.business_hours, w.service_area, w.booking_link, w.ai_persona,
             w.ai_enabled, w.ai_turn_limit, w.ai_allow_prices, w.ai_allow_discounts, w.ai_allow_arrival_times,
             w.emergency_words, w.followup_enabled, w.followup_delay_seconds, w.oncall_delay_seconds,
             w.stale_after_seconds, w.textback_quiet_hours_exempt, w.team_summary_enabled, w.caller_summary_enabled,
             w.sending_paused_at, w.sending_paused_code, w.created_at, w.updated_at,
             w.daily_summary_enabled, to_char(w.daily_summary_time, 'HH24:MI') AS daily_summary_time,
             w.daily_summary_sms, w.daily_summary_skip_empty,
             w.textback_delay_open_seconds, w.textback_delay_after_hours_seconds,
             (SELECT count(*) FROM tracked_numbers n WHERE n.workspace_id = w.id AND n.active) AS active_numbers,
             (SELECT coalesce(jsonb_object_agg(k.kind, k.n), '{}'::jsonb)
                FROM (SELECT kind, count(*) AS n FROM notification_numbers nn WHERE nn.workspace_id = w.id
                       GROUP BY kind) k) AS notification_numbers
        FROM workspaces w JOIN plans p ON p.code = w.plan_code
      """;
  static final String FIND = SELECT + " WHERE w.agency_id = $1 AND w.id = $2";
  static final String LOCK = "SELECT id FROM workspaces WHERE agency_id = $1 AND id = $2 FOR UPDATE";
  static final String LIST = SELECT + """
       WHERE w.agency_id = $1 AND ($2::bigint IS NULL OR w.id > $2)
         AND ($3::text IS NULL OR w.status = $3)
         AND ($4::text IS NULL OR w.name ILIKE '%' || $4 || '%')
       ORDER BY w.id
       LIMIT $5""";
  static final String EXISTS = "SELECT 1 FROM workspaces WHERE agency_id = $1 AND id = $2";
  /** For the platform operator, who is in no agency: whose workspace it is, locked for a change. */
  static final String LOCK_ANY = "SELECT agency_id FROM workspaces WHERE id = $1 FOR UPDATE";
  /** Clears a pause set by carrier outcomes; returns the code it had, no row when it was not paused. */
  static final String RESUME_SENDING = """
      UPDATE workspaces w SET sending_paused_at = NULL, sending_paused_code = NULL, updated_at = now()
        FROM (SELECT id, sending_paused_code, sending_paused_at FROM workspaces
               WHERE agency_id = $1 AND id = $2 AND sending_paused_at IS NOT NULL) old
       WHERE w.id = old.id
      RETURNING old.sending_paused_code, old.sending_paused_at""";

  /** Fields an agency may always write, with the cast of their parameter. */
  static final Map<String, String> PROFILE = columns(
      "name", "", "timezone", "", "status", "", "contact_phone", "", "services", "", "business_hours", "",
      "service_area", "", "booking_link", "", "ai_persona", "", "ai_enabled", "", "ai_turn_limit", "int4",
      "ai_allow_prices", "", "ai_allow_discounts", "", "ai_allow_arrival_times", "", "emergency_words", "text[]",
      "duplicate_window_seconds", "int4", "textback_template", "", "optout_footer", "",
      "followup_enabled", "", "followup_delay_seconds", "int4", "oncall_delay_seconds", "int4",
      "stale_after_seconds", "int4", "textback_quiet_hours_exempt", "", "team_summary_enabled", "",
      "caller_summary_enabled", "", "daily_summary_enabled", "", "daily_summary_time", "text::time",
      "daily_summary_sms", "", "daily_summary_skip_empty", "",
      "textback_delay_open_seconds", "int4", "textback_delay_after_hours_seconds", "int4");
  /** Fields only an agency that may set plans can write. */
  public static final Map<String, String> COMMERCIAL = columns(
      "plan_code", "", "billing_status", "", "daily_sms_cap", "int4", "monthly_lead_cap", "int4");

  public Future<Optional<JsonObject>> find(SqlClient db, long agencyId, long id) {
    return db.preparedQuery(FIND).execute(Tuple.of(agencyId, id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toJson(rows.iterator().next())));
  }

  public Future<Boolean> exists(SqlClient db, long agencyId, long id) {
    return db.preparedQuery(EXISTS).execute(Tuple.of(agencyId, id)).map(rows -> rows.size() > 0);
  }

  /** Succeeds when {@code id} is null (no filter) or one of the agency's workspaces; otherwise 404. */
  public Future<Void> requireOwn(SqlClient db, long agencyId, Long id) {
    if (id == null) {
      return Future.succeededFuture();
    }
    return exists(db, agencyId, id).compose(mine -> mine ? Future.succeededFuture()
        : Future.failedFuture(com.missedcall.admin.http.ApiProblem.notFound("workspace")));
  }

  /** Locks the row for an update in the caller's transaction; false when it is not this agency's. */
  public Future<Boolean> lock(SqlClient db, long agencyId, long id) {
    return db.preparedQuery(LOCK).execute(Tuple.of(agencyId, id)).map(rows -> rows.size() > 0);
  }

  /** The agency of any workspace, the row locked for an update (the operator's path); empty when there is none. */
  public Future<Optional<Long>> lockAny(SqlClient db, long id) {
    return db.preparedQuery(LOCK_ANY).execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? Optional.<Long>empty()
        : Optional.of(rows.iterator().next().getLong("agency_id")));
  }

  /** Resumes the workspace's sending; completes with the pause's code, or empty when it was not paused. */
  public Future<Optional<Integer>> resumeSending(SqlClient db, long agencyId, long id) {
    return db.preparedQuery(RESUME_SENDING).execute(Tuple.of(agencyId, id)).map(rows -> rows.size() == 0
        ? Optional.<Integer>empty() : Optional.of(rows.iterator().next().getInteger("sending_paused_code")));
  }

  public Future<RowSet<Row>> list(SqlClient db, long agencyId, Long afterId, String status, String q, int limit) {
    return db.preparedQuery(LIST).execute(Tuple.of(agencyId, afterId, status, q, limit + 1));
  }

  public Future<Long> insert(SqlClient db, long agencyId, JsonObject fields) {
    Map<String, String> all = new LinkedHashMap<>(PROFILE);
    all.putAll(COMMERCIAL);
    Patch patch = Patch.of(fields, all, 2);
    String sql = "INSERT INTO workspaces (agency_id" + patch.insertColumns() + ") VALUES ($1" + patch.insertValues()
        + ") RETURNING id";
    return db.preparedQuery(sql).execute(patch.after(agencyId)).map(rows -> rows.iterator().next().getLong("id"));
  }

  public Future<Void> update(SqlClient db, long agencyId, long id, Patch patch) {
    if (patch.isEmpty()) {
      return Future.succeededFuture();
    }
    String sql = "UPDATE workspaces SET " + patch.set() + ", updated_at = now() WHERE agency_id = $1 AND id = $2";
    return db.preparedQuery(sql).execute(patch.after(agencyId, id)).mapEmpty();
  }

  static final String[] FIELDS = {"id", "name", "timezone", "status", "billing_status", "plan_code",
      "daily_sms_cap", "monthly_lead_cap", "effective_daily_sms_cap", "effective_monthly_lead_cap",
      "contact_phone", "services", "business_hours", "service_area", "booking_link", "ai_persona", "ai_enabled",
      "ai_turn_limit", "ai_allow_prices", "ai_allow_discounts", "ai_allow_arrival_times", "emergency_words",
      "duplicate_window_seconds", "textback_template", "optout_footer", "followup_enabled", "followup_delay_seconds",
      "oncall_delay_seconds", "stale_after_seconds", "textback_quiet_hours_exempt", "team_summary_enabled",
      "caller_summary_enabled", "active_numbers", "notification_numbers", "sending_paused_at", "sending_paused_code",
      "created_at", "updated_at", "daily_summary_enabled", "daily_summary_time", "daily_summary_sms",
      "daily_summary_skip_empty", "textback_delay_open_seconds", "textback_delay_after_hours_seconds"};

  public static JsonObject toJson(Row r) {
    JsonObject json = Json.row(r, FIELDS);
    json.put("plan", new JsonObject().put("code", r.getString("plan_code")).put("name", r.getString("plan_name"))
        .put("textback", r.getBoolean("plan_textback")).put("ai_replies", r.getBoolean("plan_ai_replies")));
    return json;
  }

  static Map<String, String> columns(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
