package com.missedcall.recovery.calls;

import com.missedcall.recovery.StorageUnavailable;
import com.missedcall.recovery.fastpath.FastPath;
import com.missedcall.recovery.workspace.TrackedLine;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Owns the {@code calls} table's side of the decision: one call of the {@code recovery_decide}
 * function (migration V2) claims the CallSid, groups the lead, applies every rule, counts usage and
 * queues the text-back, in a single round trip and a single transaction.
 */
public final class CallDecisionStore {
  static final String DECIDE = """
      SELECT outcome, reason, call_id, lead_id, job_id, lead_counted
        FROM recovery_decide($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)""";
  static final String SEEDS = """
      SELECT coalesce(max(used) FILTER (WHERE metric = 'sms_day' AND period = $2), 0) AS sms,
             coalesce(max(used) FILTER (WHERE metric = 'leads_month' AND period = $3), 0) AS leads
        FROM usage_counters WHERE workspace_id = $1""";

  /** What Postgres decided. {@code leadCounted}: this call took a slot under the monthly lead cap. */
  public record Stored(Decision decision, boolean duplicate, boolean leadCounted) {}

  private final Pool pool;

  public CallDecisionStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Stored> decide(TrackedLine line, CallEvent event, String dbEvent, String body, int segments) {
    JsonObject payload = new JsonObject()
        .put("account_sid", line.accountSid())
        .put("received_at_ms", event.receivedAt().toEpochMilli());
    Tuple args = Tuple.of(line.workspaceId(), event.accountSid(), event.callSid(), event.from() == null ? "" : event.from(),
            event.to(), line.routingMode().code(), event.dialCallStatus() != null ? event.dialCallStatus() : event.callStatus(),
            dbEvent)
        .addValue(OffsetDateTime.ofInstant(event.receivedAt(), ZoneOffset.UTC))
        .addValue(body)
        .addValue(segments)
        .addValue(payload);
    return pool.preparedQuery(DECIDE).execute(args)
        .recover(err -> Future.failedFuture(new StorageUnavailable(err)))
        .map(rows -> toStored(rows.iterator().next()));
  }

  /** Today's SMS count and this month's lead count, to seed the Redis counters. */
  public Future<FastPath.Seeds> seeds(long workspaceId, int day, int month) {
    return pool.preparedQuery(SEEDS).execute(Tuple.of(workspaceId, day, month))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new FastPath.Seeds(r.getInteger("sms"), r.getInteger("leads"));
        });
  }

  private static Stored toStored(Row r) {
    String outcome = r.getString("outcome");
    DecisionReason reason = DecisionReason.ofCode(r.getString("reason"));
    Decision decision = new Decision("texted".equals(outcome), reason, r.getLong("call_id"), r.getLong("lead_id"),
        r.getLong("job_id"));
    return new Stored(decision, "duplicate".equals(outcome), Boolean.TRUE.equals(r.getBoolean("lead_counted")));
  }
}
