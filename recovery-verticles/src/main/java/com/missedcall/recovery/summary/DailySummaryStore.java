package com.missedcall.recovery.summary;

import com.missedcall.recovery.hours.BusinessHours;
import com.missedcall.recovery.hours.Closure;
import com.missedcall.recovery.hours.StoredHours;
import com.missedcall.recovery.leads.LeadAttention;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Owns {@code daily_summaries}: which workspaces are due (their local time passed today and no row for today), the
 * claim of one workspace's day (the row's primary key decides between processes), yesterday's numbers, and what
 * was sent or why it was skipped.
 */
final class DailySummaryStore {
  static final String DUE = """
      SELECT w.id, w.name, w.timezone, (now() AT TIME ZONE w.timezone)::date AS today, w.daily_summary_sms,
             w.daily_summary_skip_empty
        FROM workspaces w
       WHERE w.daily_summary_enabled AND w.status = 'active'
         AND (now() AT TIME ZONE w.timezone)::time >= w.daily_summary_time
         AND NOT EXISTS (SELECT 1 FROM daily_summaries s
                          WHERE s.workspace_id = w.id AND s.day = (now() AT TIME ZONE w.timezone)::date)
       ORDER BY w.id
       LIMIT $1""";
  static final String CLAIM = """
      INSERT INTO daily_summaries (workspace_id, day, status) VALUES ($1, $2, 'sent')
      ON CONFLICT (workspace_id, day) DO NOTHING
      RETURNING workspace_id""";
  /**
   * Yesterday in the workspace's timezone: [today - 1 day, today) at local midnight; test calls and leads left out.
   * The leads needing attention are counted now, by the overview's rule ({@link LeadAttention}).
   */
  static final String COUNTS = """
      WITH r AS (SELECT ($2::date - 1)::timestamp AT TIME ZONE $3 AS t0, ($2::date)::timestamp AT TIME ZONE $3 AS t1)
      SELECT
        (SELECT count(*) FROM calls c, r WHERE c.workspace_id = $1 AND c.received_at >= r.t0 AND c.received_at < r.t1
            AND c.decision <> 'pending' AND c.reason NOT IN ('answered', 'duplicate_webhook') AND NOT c.is_test) AS missed,
        (SELECT count(*) FROM calls c, r WHERE c.workspace_id = $1 AND c.received_at >= r.t0 AND c.received_at < r.t1
            AND c.decision = 'texted' AND NOT c.is_test) AS texted,
        (SELECT count(DISTINCT m.lead_id) FROM messages m, r WHERE m.workspace_id = $1 AND m.direction = 'inbound'
            AND m.created_at >= r.t0 AND m.created_at < r.t1 AND m.lead_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM leads t WHERE t.id = m.lead_id AND t.is_test)) AS replied,
        (SELECT count(*) FROM leads l, r WHERE l.workspace_id = $1 AND l.booked_at >= r.t0 AND l.booked_at < r.t1
            AND NOT l.is_test) AS booked,
        (SELECT count(*) FROM leads l
           %s
           %s
          WHERE l.workspace_id = $1 AND %s) AS attention""".formatted(LeadAttention.LAST_CALL,
      LeadAttention.LAST_CALLER_MESSAGE, LeadAttention.NEEDS_ATTENTION);
  /**
   * Yesterday's missed calls by when they came (the same calls as COUNTS' missed), and the workspace's hours: the
   * summary says how many came while the business was closed, and names a closure day.
   */
  static final String MISSED_TIMES = """
      WITH r AS (SELECT ($2::date - 1)::timestamp AT TIME ZONE $3 AS t0, ($2::date)::timestamp AT TIME ZONE $3 AS t1)
      SELECT c.received_at FROM calls c, r
       WHERE c.workspace_id = $1 AND c.received_at >= r.t0 AND c.received_at < r.t1
         AND c.decision <> 'pending' AND c.reason NOT IN ('answered', 'duplicate_webhook') AND NOT c.is_test""";
  static final String HOURS = "SELECT weekly, closures FROM workspace_hours WHERE workspace_id = $1";
  static final String TEAM = """
      SELECT phone FROM notification_numbers WHERE workspace_id = $1 AND kind = 'team' ORDER BY id""";
  static final String FROM_NUMBER = """
      SELECT phone_number, account_sid FROM tracked_numbers WHERE workspace_id = $1 AND active ORDER BY id LIMIT 1""";
  static final String SETTLE = """
      UPDATE daily_summaries SET status = $3, reason = $4, counts = $5, emails = $6, texts = $7
       WHERE workspace_id = $1 AND day = $2""";

  record Due(long workspaceId, String name, String timezone, LocalDate today, boolean sms, boolean skipEmpty) {}

  record Counts(long missed, long texted, long replied, long booked, long attention, Hours hours) {
    JsonObject toJson() {
      JsonObject json = new JsonObject().put("missed_calls", missed).put("texted", texted).put("replied", replied)
          .put("booked", booked).put("needing_attention", attention);
      if (hours != null) {
        json.put("missed_while_closed", hours.missedWhileClosed()).put("closed_for", hours.closedFor());
      }
      return json;
    }

    Counts with(Hours hours) {
      return new Counts(missed, texted, replied, booked, attention, hours);
    }
  }

  /**
   * What the business hours say of the reported day: how many missed calls came while the business was closed
   * (after hours or a closure), and the closure's label when the whole day was one (else null).
   */
  record Hours(long missedWhileClosed, String closedFor) {}

  Future<List<Due>> due(SqlClient db, int limit) {
    return db.preparedQuery(DUE).execute(Tuple.of(limit)).map(rows -> {
      List<Due> due = new ArrayList<>();
      for (Row r : rows) {
        due.add(new Due(r.getLong("id"), r.getString("name"), r.getString("timezone"), r.getLocalDate("today"),
            r.getBoolean("daily_summary_sms"), r.getBoolean("daily_summary_skip_empty")));
      }
      return due;
    });
  }

  /** True for the one transaction that takes this workspace's day; every other finds it taken. */
  Future<Boolean> claim(SqlClient db, long workspaceId, LocalDate today) {
    return db.preparedQuery(CLAIM).execute(Tuple.of(workspaceId, today)).map(rows -> rows.size() == 1);
  }

  Future<Counts> counts(SqlClient db, long workspaceId, LocalDate today, String timezone) {
    return db.preparedQuery(COUNTS).execute(Tuple.of(workspaceId, today, timezone)).map(rows -> {
      Row r = rows.iterator().next();
      return new Counts(r.getLong("missed"), r.getLong("texted"), r.getLong("replied"), r.getLong("booked"),
          r.getLong("attention"), null);
    });
  }

  /** The reported day by the workspace's hours; empty when it has not set any (then nothing is said of them). */
  Future<Optional<Hours>> hours(SqlClient db, long workspaceId, LocalDate today, String timezone) {
    return db.preparedQuery(HOURS).execute(Tuple.of(workspaceId)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.succeededFuture(Optional.<Hours>empty());
      }
      Row h = rows.iterator().next();
      ZoneId zone = ZoneId.of(timezone);
      BusinessHours hours = StoredHours.read(zone, h.getValue("weekly"), h.getValue("closures"));
      if (hours == null) {
        return Future.succeededFuture(Optional.<Hours>empty());
      }
      return db.preparedQuery(MISSED_TIMES).execute(Tuple.of(workspaceId, today, timezone)).map(calls -> {
        long closed = 0;
        for (Row c : calls) {
          if (!hours.stateAt(c.getOffsetDateTime("received_at").toInstant()).open()) {
            closed++;
          }
        }
        Instant noonYesterday = today.minusDays(1).atTime(12, 0).atZone(zone).toInstant();
        String closedFor = hours.closureAt(noonYesterday).map(Closure::label).orElse(null);
        return Optional.of(new Hours(closed, closedFor));
      });
    });
  }

  Future<List<String>> team(SqlClient db, long workspaceId) {
    return db.preparedQuery(TEAM).execute(Tuple.of(workspaceId)).map(rows -> {
      List<String> phones = new ArrayList<>();
      rows.forEach(r -> phones.add(r.getString("phone")));
      return phones;
    });
  }

  /** The workspace's first active number and its account: what team texts are sent from. */
  Future<Optional<FromNumber>> fromNumber(SqlClient db, long workspaceId) {
    return db.preparedQuery(FROM_NUMBER).execute(Tuple.of(workspaceId)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row r = rows.iterator().next();
      return Optional.of(new FromNumber(r.getString("phone_number"), r.getString("account_sid")));
    });
  }

  /** A number team texts go from, and the account it belongs to. */
  record FromNumber(String phone, String accountSid) {}

  Future<Void> settle(SqlClient db, long workspaceId, LocalDate today, String status, String reason, Counts counts,
                      int emails, int texts) {
    return db.preparedQuery(SETTLE)
        .execute(Tuple.of(workspaceId, today, status, reason, counts.toJson(), emails).addValue(texts)).mapEmpty();
  }
}
