package com.missedcall.recovery.calls;

import com.missedcall.recovery.db.DatabaseBudget;
import com.missedcall.recovery.db.StatementBatcher;
import com.missedcall.recovery.db.WorkPriority;
import com.missedcall.recovery.fastpath.FastPath;
import com.missedcall.recovery.workspace.TrackedLine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Owns the {@code calls} table's side of the decision: one call of the {@code recovery_decide}
 * function (migrations V2, V3, V5) claims the CallSid, groups the lead, applies every rule, counts usage
 * and queues the text-back. Concurrent decisions are grouped ({@link StatementBatcher}): one statement,
 * {@code recovery_decide_batch} (V5), runs the function once per webhook, in one round trip and one
 * commit. A workspace always uses the same lane, so two statements of this process never decide for the
 * same workspace at once (no lock waits or deadlocks on its counters and leads between our own batches).
 */
public final class CallDecisionStore {
  static final String DECIDE = """
      SELECT outcome, reason, call_id, lead_id, job_id, lead_counted, conv_id, claimed_until, is_test
        FROM recovery_decide_batch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)""";
  static final String SEEDS = """
      SELECT coalesce(max(used) FILTER (WHERE metric = 'sms_day' AND period = $2), 0) AS sms,
             coalesce(max(used) FILTER (WHERE metric = 'leads_month' AND period = $3), 0) AS leads
        FROM usage_counters WHERE workspace_id = $1""";

  /**
   * What Postgres decided. {@code leadCounted}: this call took a slot under the monthly lead cap.
   * {@code claimedUntil}: the text-back job was handed to this process already claimed, leased until then
   * (null: a sender claims it). {@code test}: the caller is one of the workspace's test callers (V60): nothing
   * was counted under the caps.
   */
  public record Stored(Decision decision, boolean duplicate, boolean leadCounted, Long conversationId,
                       Instant claimedUntil, boolean test) {
    public boolean claimed() {
      return claimedUntil != null;
    }
  }

  /** The arguments of one decision. */
  private record Request(TrackedLine line, CallEvent event, String dbEvent, String body, int segments,
                         JsonObject jobPayload) {}

  /**
   * How decisions are grouped: {@code lanes} statements at most in flight, up to {@code maxBatch} webhooks
   * each; beyond {@code maxQueued} waiting per lane, or after {@code maxWait}, a webhook is shed (503).
   * {@code claimLease}: hand text-backs over already claimed for this long (null: this process has no sender).
   */
  public record Batching(int lanes, int maxBatch, int maxQueued, Duration maxWait, Duration claimLease) {}

  private final Vertx vertx;
  private final Pool pool;
  private final Pool seedPool;
  private final Double claimLeaseSeconds;
  private final StatementBatcher<Request, Stored> batcher;

  public CallDecisionStore(Vertx vertx, Pool pool, Batching batching) {
    this(vertx, pool, batching, null);
  }

  /**
   * With a budget, each decision statement first takes a {@link WorkPriority#DECISION} permit (so at most the
   * budget's adaptive limit of them run at once, and their latency drives it) and the counter seeds run under
   * one too.
   */
  public CallDecisionStore(Vertx vertx, Pool pool, Batching batching, DatabaseBudget budget) {
    this.vertx = vertx;
    this.pool = pool;
    this.seedPool = budget == null ? pool : budget.pool(pool, WorkPriority.DECISION);
    this.claimLeaseSeconds = batching.claimLease() == null ? null : batching.claimLease().toMillis() / 1000.0;
    this.batcher = new StatementBatcher<>("decisions", batching.lanes(), batching.maxBatch(), batching.maxQueued(),
        batching.maxWait().toNanos(), r -> laneKey(r.line().workspaceId()), this::decideAll, budget,
        WorkPriority.DECISION);
  }

  public Future<Stored> decide(TrackedLine line, CallEvent event, String dbEvent, String body, int segments) {
    return decide(line, event, dbEvent, body, segments, null);
  }

  /** With more for the decision's payload (e.g. the intake link's token hash, stored with the text-back). */
  public Future<Stored> decide(TrackedLine line, CallEvent event, String dbEvent, String body, int segments,
                               JsonObject jobPayload) {
    return batcher.submit(vertx, new Request(line, event, dbEvent, body, segments, jobPayload));
  }

  /**
   * Whether a decision for this workspace would be queued now: checked before anything else is done for a
   * webhook, so overload is shed at the door, before it costs a Redis round trip.
   */
  public boolean hasRoom(long workspaceId) {
    return batcher.hasRoom(laneKey(workspaceId));
  }

  /** A workspace always decides in the same lane. */
  private static int laneKey(long workspaceId) {
    return Long.hashCode(workspaceId);
  }

  /** Decisions waiting for or in a statement (a gauge of the database's backlog). */
  public int queued() {
    return batcher.queued();
  }

  /**
   * Records incoming calls 'pending' in one statement on {@code pool}, outside the decisions' batcher
   * ({@link PendingCalls} batches them); a call already recorded or decided is left as it is.
   */
  public Future<Void> recordPending(Pool on, List<TrackedLine> lines, List<CallEvent> events) {
    List<Request> requests = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      requests.add(new Request(lines.get(i), events.get(i), "pending", "", 0, null));
    }
    return on.preparedQuery(DECIDE).execute(args(requests)).mapEmpty();
  }

  private Future<List<Stored>> decideAll(List<Request> requests) {
    return pool.preparedQuery(DECIDE).execute(args(requests)).map(rows -> {
      List<Stored> stored = new ArrayList<>(rows.size());
      for (Row row : rows) {
        stored.add(toStored(row));
      }
      return stored;
    });
  }

  private Tuple args(List<Request> requests) {
    int n = requests.size();
    Long[] workspaces = new Long[n];
    String[] accounts = new String[n];
    String[] callSids = new String[n];
    String[] callers = new String[n];
    String[] called = new String[n];
    String[] modes = new String[n];
    String[] statuses = new String[n];
    String[] events = new String[n];
    OffsetDateTime[] received = new OffsetDateTime[n];
    String[] bodies = new String[n];
    Integer[] segments = new Integer[n];
    String[] payloads = new String[n];
    for (int i = 0; i < n; i++) {
      Request r = requests.get(i);
      CallEvent e = r.event();
      workspaces[i] = r.line().workspaceId();
      accounts[i] = e.accountSid();
      callSids[i] = e.callSid();
      callers[i] = e.from() == null ? "" : e.from();
      called[i] = e.to();
      modes[i] = r.line().routingMode().code();
      statuses[i] = e.dialCallStatus() != null ? e.dialCallStatus() : e.callStatus();
      events[i] = r.dbEvent();
      received[i] = OffsetDateTime.ofInstant(e.receivedAt(), ZoneOffset.UTC);
      bodies[i] = r.body();
      segments[i] = r.segments();
      payloads[i] = (r.jobPayload() == null ? new JsonObject() : r.jobPayload().copy())
          .put("account_sid", r.line().accountSid())
          .put("received_at_ms", e.receivedAt().toEpochMilli())
          .encode();
    }
    return Tuple.tuple()
        .addValue(workspaces).addValue(accounts).addValue(callSids).addValue(callers).addValue(called)
        .addValue(modes).addValue(statuses).addValue(events).addValue(received).addValue(bodies)
        .addValue(segments).addValue(payloads).addValue(claimLeaseSeconds);
  }

  /** Today's SMS count and this month's lead count, to seed the Redis counters. */
  public Future<FastPath.Seeds> seeds(long workspaceId, int day, int month) {
    return seedPool.preparedQuery(SEEDS).execute(Tuple.of(workspaceId, day, month))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new FastPath.Seeds(r.getInteger("sms"), r.getInteger("leads"));
        });
  }

  private static Stored toStored(Row r) {
    OffsetDateTime claimedUntil = r.getOffsetDateTime("claimed_until");
    String outcome = r.getString("outcome");
    DecisionReason reason = DecisionReason.ofCode(r.getString("reason"));
    Decision decision = new Decision("texted".equals(outcome), reason, r.getLong("call_id"), r.getLong("lead_id"),
        r.getLong("job_id"));
    return new Stored(decision, "duplicate".equals(outcome), Boolean.TRUE.equals(r.getBoolean("lead_counted")),
        r.getLong("conv_id"), claimedUntil == null ? null : claimedUntil.toInstant(),
        Boolean.TRUE.equals(r.getBoolean("is_test")));
  }
}
