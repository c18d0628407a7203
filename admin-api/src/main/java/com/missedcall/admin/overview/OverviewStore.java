package com.missedcall.admin.overview;

import com.missedcall.admin.leads.ReasonText;
import com.missedcall.recovery.leads.LeadAttention;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the dashboard's overview measures over a window of days, for the agency or one workspace:
 * missed calls, text-backs, calls recovered by voice and voice fallbacks by reason, recovered leads, text-back
 * rate, median time to text-back, why calls were not texted, and a daily series. A missed call is a decided call the business did not answer.
 */
public final class OverviewStore {
  private static final String SCOPE = """
      w.agency_id = $1 AND ($2::bigint IS NULL OR w.id = $2)""";
  private static final String MISSED = "c.decision <> 'pending' AND c.reason NOT IN ('answered', 'duplicate_webhook')";
  /**
   * The window's calls as (time, decision, reason, voice outcome ('' when voice recovery never took the call),
   * count): folded hours from {@code call_rollup_hourly}
   * before the fold's fresh hour (parameter {@code %2$s}), the calls themselves from it on (the last hour or so).
   * Exact when {@code $3} is a whole hour, which a local midnight is in every zone with a whole-hour offset.
   */
  private static final String ROLLED = """
      WITH c AS (
        SELECT r.hour AS at, r.decision, r.reason, r.voice_outcome, r.calls
          FROM call_rollup_hourly r JOIN workspaces w ON w.id = r.workspace_id
         WHERE %1$s AND r.hour >= $3 AND r.hour < %2$s
        UNION ALL
        SELECT c.received_at, c.decision, c.reason, coalesce(c.voice_outcome, ''), 1
          FROM calls c JOIN workspaces w ON w.id = c.workspace_id
         WHERE %1$s AND c.received_at >= greatest($3, %2$s) AND NOT c.is_test)
      """;
  /** Hours before this one are folded; null before the first fold. */
  static final String FRESH_HOUR = """
      SELECT CASE WHEN fresh_hour > '-infinity' THEN fresh_hour END AS fresh_hour FROM call_rollup_state""";
  /** The same rows counted from calls alone, for windows that do not start on an hour. */
  private static final String DIRECT = """
      WITH c AS (
        SELECT c.received_at AS at, c.decision, c.reason, coalesce(c.voice_outcome, '') AS voice_outcome, 1 AS calls
          FROM calls c JOIN workspaces w ON w.id = c.workspace_id
         WHERE %1$s AND c.received_at >= $3 AND NOT c.is_test)
      """.formatted(SCOPE);
  /**
   * Missed calls nobody may or can text: left out of the text-back rate's denominator (and counted on their own),
   * so the rate measures what the gateway and the business control.
   */
  static final String SUPPRESSED = "'caller_opted_out', 'caller_cannot_receive_sms', 'anonymous_caller'";
  /** Missed calls voice recovery answered and completed: no text-back was needed. */
  static final String VOICE_RECOVERED = "c.decision <> 'pending' AND c.voice_outcome = 'voice_recovered'";
  /** Missed calls voice recovery took or was meant to take and did not complete: the fallback ran. */
  static final String VOICE_FELL_BACK = "c.decision <> 'pending' AND c.voice_outcome NOT IN ('', 'voice_recovered')";
  private static final String TOTALS = """
      SELECT coalesce(sum(c.calls) FILTER (WHERE %1$s), 0) AS missed_calls,
             coalesce(sum(c.calls) FILTER (WHERE c.decision = 'texted'), 0) AS texted_calls,
             coalesce(sum(c.calls) FILTER (WHERE c.reason = 'answered'), 0) AS answered_calls,
             coalesce(sum(c.calls) FILTER (WHERE %1$s AND c.reason IN (%2$s)), 0) AS suppressed_calls,
             coalesce(sum(c.calls) FILTER (WHERE %3$s), 0) AS voice_recovered_calls,
             coalesce(sum(c.calls) FILTER (WHERE %4$s), 0) AS voice_fallback_calls
        FROM c""".formatted(MISSED, SUPPRESSED, VOICE_RECOVERED, VOICE_FELL_BACK);
  /** Voice fallbacks by why voice recovery did not complete, with how many of them the fallback text-back reached. */
  private static final String VOICE_FALLBACKS = """
      SELECT c.voice_outcome AS reason, sum(c.calls) AS calls,
             coalesce(sum(c.calls) FILTER (WHERE c.decision = 'texted'), 0) AS texted
        FROM c WHERE %s
       GROUP BY c.voice_outcome ORDER BY calls DESC, c.voice_outcome""".formatted(VOICE_FELL_BACK);
  /**
   * The funnel after the text-back, over the leads texted back in the window (their last text-back is in it):
   * how many replied in the window, how many are booked, and what the booked ones are worth.
   */
  static final String FUNNEL = """
      SELECT count(*) AS texted_leads,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM messages m WHERE m.lead_id = l.id
                                             AND m.direction = 'inbound' AND m.created_at >= $3)) AS replied_leads,
             count(*) FILTER (WHERE l.booked_at IS NOT NULL) AS booked_leads,
             coalesce(sum(l.booked_value) FILTER (WHERE l.booked_at IS NOT NULL), 0) AS recovered_revenue
        FROM leads l JOIN workspaces w ON w.id = l.workspace_id
       WHERE %s AND l.last_texted_at >= $3 AND NOT l.is_test""".formatted(SCOPE);
  /** Leads with a texted call in the window: their last text-back (the decision stamps it) is in it. */
  static final String RECOVERED = """
      SELECT count(*) AS recovered_leads FROM leads l JOIN workspaces w ON w.id = l.workspace_id
       WHERE %s AND l.last_texted_at >= $3 AND NOT l.is_test""".formatted(SCOPE);
  static final String NEW_LEADS = """
      SELECT count(*) AS new_leads FROM leads l JOIN workspaces w ON w.id = l.workspace_id
       WHERE %s AND l.created_at >= $3 AND NOT l.is_test""".formatted(SCOPE);
  /** From the end of the text-back's intended send delay (V55), not from the call: the wait was chosen. */
  static final String MEDIAN = """
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM m.sent_at - c.received_at
               - make_interval(secs => coalesce(m.send_delay_seconds, 0)))) AS median_seconds
        FROM messages m
        JOIN workspaces w ON w.id = m.workspace_id
        JOIN calls c ON c.id = m.call_id
       WHERE %s AND m.kind = 'textback' AND m.sent_at IS NOT NULL AND m.created_at >= $3
         AND NOT c.is_test""".formatted(SCOPE);
  private static final String REASONS = """
      SELECT c.reason, sum(c.calls) AS calls FROM c WHERE c.decision <> 'pending'
       GROUP BY c.reason ORDER BY calls DESC, c.reason""";
  private static final String DAILY_CALLS = """
      SELECT to_char(c.at AT TIME ZONE $4, 'YYYY-MM-DD') AS day,
             coalesce(sum(c.calls) FILTER (WHERE %1$s), 0) AS missed,
             coalesce(sum(c.calls) FILTER (WHERE c.decision = 'texted'), 0) AS texted,
             coalesce(sum(c.calls) FILTER (WHERE %2$s), 0) AS voice_recovered
        FROM c
       GROUP BY 1""".formatted(MISSED, VOICE_RECOVERED);
  static final String ROLLED_TOTALS = ROLLED.formatted(SCOPE, "$4") + TOTALS;
  static final String ROLLED_REASONS = ROLLED.formatted(SCOPE, "$4") + REASONS;
  static final String ROLLED_DAILY = ROLLED.formatted(SCOPE, "$5") + DAILY_CALLS;
  static final String ROLLED_VOICE = ROLLED.formatted(SCOPE, "$4") + VOICE_FALLBACKS;
  static final String DIRECT_VOICE = DIRECT + VOICE_FALLBACKS;
  static final String DIRECT_TOTALS = DIRECT + TOTALS;
  static final String DIRECT_REASONS = DIRECT + REASONS;
  static final String DIRECT_DAILY = DIRECT + DAILY_CALLS;
  static final String DAILY_LEADS = """
      SELECT to_char(l.created_at AT TIME ZONE $4, 'YYYY-MM-DD') AS day, count(*) AS leads
        FROM leads l JOIN workspaces w ON w.id = l.workspace_id
       WHERE %s AND l.created_at >= $3 AND NOT l.is_test
       GROUP BY 1""".formatted(SCOPE);
  /** Leads a person must look at; the same rule as the leads list's {@code attention} (LeadStore). */
  static final String ATTENTION = """
      SELECT count(*) AS leads FROM (
        SELECT l.id FROM leads l
          JOIN workspaces w ON w.id = l.workspace_id
          %s
          %s
         WHERE %s AND l.last_call_at >= $3 AND %s) x""".formatted(LeadAttention.LAST_CALL,
      LeadAttention.LAST_CALLER_MESSAGE, SCOPE, LeadAttention.NEEDS_ATTENTION);

  /** Workspaces whose texts to callers are paused because carriers blocked them, oldest pause first. */
  static final String PAUSED = """
      SELECT w.id, w.name, w.sending_paused_code, w.sending_paused_at FROM workspaces w
       WHERE %s AND w.sending_paused_at IS NOT NULL
       ORDER BY w.sending_paused_at, w.id
       LIMIT 500""".formatted(SCOPE);

  public Future<JsonObject> overview(SqlClient db, long agencyId, Long workspaceId, OffsetDateTime since,
                                     String timezone, LocalDate firstDay, LocalDate lastDay) {
    return db.query(FRESH_HOUR).execute().compose(state -> {
      OffsetDateTime fresh = state.size() == 0 ? null : state.iterator().next().getOffsetDateTime("fresh_hour");
      boolean rolled = fresh != null && since.getOffset().getTotalSeconds() % 3600 == 0;
      return overview(db, agencyId, workspaceId, since, timezone, firstDay, lastDay, rolled ? fresh : null);
    });
  }

  /** With {@code fresh} the folded hours come from the rollup; without, every call is counted. */
  private Future<JsonObject> overview(SqlClient db, long agencyId, Long workspaceId, OffsetDateTime since,
                                      String timezone, LocalDate firstDay, LocalDate lastDay, OffsetDateTime fresh) {
    boolean onHour = fresh != null;
    Tuple scoped = Tuple.of(agencyId, workspaceId, since);
    Tuple counted = onHour ? Tuple.of(agencyId, workspaceId, since, fresh) : scoped;
    Tuple dailyLeads = Tuple.of(agencyId, workspaceId, since, timezone);
    Tuple daily = onHour ? Tuple.of(agencyId, workspaceId, since, timezone, fresh) : dailyLeads;
    JsonObject out = new JsonObject();
    return db.preparedQuery(onHour ? ROLLED_TOTALS : DIRECT_TOTALS).execute(counted)
        .map(rows -> {
          Row r = rows.iterator().next();
          long missed = r.getLong("missed_calls");
          long texted = r.getLong("texted_calls");
          long suppressed = r.getLong("suppressed_calls");
          long byVoice = r.getLong("voice_recovered_calls");
          // a call voice recovery completed needed no text: it is neither a text-back owed nor one missed
          long textable = missed - suppressed - byVoice;
          return out.put("missed_calls", missed).put("texted_calls", texted)
              .put("answered_calls", r.getLong("answered_calls"))
              .put("suppressed_calls", suppressed)
              .put("voice_recovered_calls", byVoice)
              .put("text_back_rate", textable <= 0 ? null : Math.round(texted * 1000.0 / textable) / 1000.0)
              .put("voice", new JsonObject().put("recovered_calls", byVoice)
                  .put("fallback_calls", r.getLong("voice_fallback_calls")))
              .put("funnel", new JsonObject().put("missed_calls", missed).put("suppressed_calls", suppressed)
                  .put("voice_recovered_calls", byVoice).put("textable_calls", textable).put("texted_calls", texted));
        })
        .compose(v -> db.preparedQuery(FUNNEL).execute(scoped))
        .map(rows -> {
          Row r = rows.iterator().next();
          Object revenue = com.missedcall.admin.http.Json.value(r.getValue("recovered_revenue"));
          return out.getJsonObject("funnel").put("texted_leads", r.getLong("texted_leads"))
              .put("replied_leads", r.getLong("replied_leads")).put("booked_leads", r.getLong("booked_leads"))
              .put("recovered_revenue", revenue instanceof Number n ? n.doubleValue() : 0.0);
        })
        .compose(v -> db.preparedQuery(RECOVERED).execute(scoped))
        .map(rows -> out.put("recovered_leads", rows.iterator().next().getLong("recovered_leads")))
        .compose(v -> db.preparedQuery(NEW_LEADS).execute(scoped))
        .map(rows -> out.put("new_leads", rows.iterator().next().getLong("new_leads")))
        .compose(v -> db.preparedQuery(MEDIAN).execute(scoped))
        .map(rows -> {
          Double median = rows.iterator().next().getDouble("median_seconds");
          return out.put("median_seconds_to_text_back", median == null ? null : Math.round(median * 10) / 10.0);
        })
        .compose(v -> db.preparedQuery(ATTENTION).execute(scoped))
        .map(rows -> out.put("leads_needing_attention", rows.iterator().next().getLong("leads")))
        .compose(v -> db.preparedQuery(onHour ? ROLLED_REASONS : DIRECT_REASONS).execute(counted))
        .map(rows -> {
          JsonArray reasons = new JsonArray();
          rows.forEach(r -> reasons.add(ReasonText.of(r.getString("reason")).put("calls", r.getLong("calls"))));
          return out.put("reasons", reasons);
        })
        .compose(v -> db.preparedQuery(onHour ? ROLLED_VOICE : DIRECT_VOICE).execute(counted))
        .map(rows -> {
          JsonArray fallbacks = new JsonArray();
          rows.forEach(r -> fallbacks.add(ReasonText.of(r.getString("reason")).put("calls", r.getLong("calls"))
              .put("texted_calls", r.getLong("texted"))));
          return out.getJsonObject("voice").put("fallbacks", fallbacks);
        })
        .compose(v -> db.preparedQuery(PAUSED).execute(Tuple.of(agencyId, workspaceId)))
        .map(rows -> {
          JsonArray paused = new JsonArray();
          rows.forEach(r -> paused.add(new JsonObject().put("workspace_id", r.getLong("id"))
              .put("workspace_name", r.getString("name")).put("code", r.getInteger("sending_paused_code"))
              .put("since", com.missedcall.admin.http.Json.value(r.getValue("sending_paused_at")))));
          return out.put("sending_paused", paused);
        })
        .compose(v -> db.preparedQuery(onHour ? ROLLED_DAILY : DIRECT_DAILY).execute(daily))
        .compose(calls -> db.preparedQuery(DAILY_LEADS).execute(dailyLeads).map(leads -> {
          Map<String, JsonObject> days = new LinkedHashMap<>();
          for (LocalDate d = firstDay; !d.isAfter(lastDay); d = d.plusDays(1)) {
            days.put(d.toString(), new JsonObject().put("date", d.toString()).put("missed_calls", 0L)
                .put("texted_calls", 0L).put("voice_recovered_calls", 0L).put("new_leads", 0L));
          }
          calls.forEach(r -> {
            JsonObject day = days.get(r.getString("day"));
            if (day != null) {
              day.put("missed_calls", r.getLong("missed")).put("texted_calls", r.getLong("texted"))
                  .put("voice_recovered_calls", r.getLong("voice_recovered"));
            }
          });
          leads.forEach(r -> {
            JsonObject day = days.get(r.getString("day"));
            if (day != null) {
              day.put("new_leads", r.getLong("leads"));
            }
          });
          return out.put("daily", new JsonArray(new java.util.ArrayList<>(days.values())));
        }));
  }
}
