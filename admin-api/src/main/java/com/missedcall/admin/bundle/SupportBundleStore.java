package com.missedcall.admin.bundle;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The reads behind a support bundle, each scoped by the agency first. Nothing here selects a secret column
 * (auth tokens, key hashes, webhook or outcome secrets): the bundle cannot leak what it never read.
 */
public final class SupportBundleStore {
  /** The workspace of one of the agency's calls: the call bundle's way in (no row: not this agency's). */
  static final String CALL_WORKSPACE = """
      SELECT c.workspace_id FROM calls c JOIN workspaces w ON w.id = c.workspace_id
       WHERE w.agency_id = $1 AND c.id = $2""";
  static final String NUMBERS = """
      SELECT n.id, n.phone_number, n.routing_mode, n.business_phone, n.ring_timeout_seconds, n.account_sid,
             n.created_at, (a.previous_auth_token IS NOT NULL) AS token_rotation_under_way
        FROM tracked_numbers n JOIN workspaces w ON w.id = n.workspace_id
        LEFT JOIN twilio_accounts a ON a.account_sid = n.account_sid AND a.agency_id = w.agency_id
       WHERE w.agency_id = $1 AND n.workspace_id = $2 AND n.active
       ORDER BY n.id
       LIMIT 50""";
  static final String CALLS = """
      SELECT c.id, c.call_sid, c.lead_id, c.caller, c.called, c.routing_mode, c.call_status, c.decision, c.reason,
             c.received_at, c.decided_at, tm.id AS text_id, tm.status AS text_status, tm.error_code AS text_error,
             tm.sent_at AS texted_at, tm.message_sid AS text_sid
        FROM calls c JOIN workspaces w ON w.id = c.workspace_id
        LEFT JOIN LATERAL (
          SELECT m.id, m.status, m.error_code, m.sent_at, m.message_sid FROM messages m
           WHERE m.workspace_id = c.workspace_id AND m.call_id = c.id AND m.kind = 'textback'
           ORDER BY m.id LIMIT 1) tm ON true
       WHERE w.agency_id = $1 AND c.workspace_id = $2 AND ($3::bigint IS NULL OR c.id = $3)
       ORDER BY c.received_at DESC, c.id DESC
       LIMIT $4""";
  /** Every text about one call's lead since the call, to the caller or the team. */
  static final String CALL_TEXTS = """
      SELECT m.id, m.kind, m.direction, m.from_number, m.to_number, m.status, m.send_status, m.error_code,
             m.last_error, m.attempts, m.message_sid, m.created_at, m.sent_at
        FROM messages m JOIN calls c ON c.workspace_id = m.workspace_id AND c.lead_id = m.lead_id
       WHERE c.workspace_id = $1 AND c.id = $2 AND m.created_at >= c.received_at - interval '1 minute'
       ORDER BY m.id
       LIMIT 50""";
  /** Decisions of the last 7 days by reason: does the problem touch every call or one caller? */
  static final String DECISIONS = """
      SELECT c.reason, c.decision, count(*) AS n, max(c.received_at) AS last_at
        FROM calls c JOIN workspaces w ON w.id = c.workspace_id
       WHERE w.agency_id = $1 AND c.workspace_id = $2 AND c.received_at > now() - interval '7 days'
       GROUP BY c.reason, c.decision
       ORDER BY n DESC
       LIMIT 50""";
  /** Texts waiting to go out, and the oldest of them: a stuck sender shows here. */
  static final String BACKLOG = """
      SELECT count(*) FILTER (WHERE m.send_status = 'pending') AS pending,
             count(*) FILTER (WHERE m.send_status = 'running') AS sending,
             count(*) FILTER (WHERE m.send_status = 'pending' AND m.quiet_hours) AS held_for_quiet_hours,
             min(m.due_at) FILTER (WHERE m.send_status = 'pending') AS oldest_due_at
        FROM messages m JOIN workspaces w ON w.id = m.workspace_id
       WHERE w.agency_id = $1 AND m.workspace_id = $2 AND m.send_status IN ('pending', 'running')""";
  static final String WEBHOOKS = """
      SELECT count(*) AS endpoints, count(*) FILTER (WHERE e.active) AS active
        FROM webhook_endpoints e
       WHERE e.agency_id = $1 AND e.deleted_at IS NULL""";

  public Future<RowSet<Row>> callWorkspace(SqlClient db, long agencyId, long callId) {
    return db.preparedQuery(CALL_WORKSPACE).execute(Tuple.of(agencyId, callId));
  }

  public Future<RowSet<Row>> numbers(SqlClient db, long agencyId, long workspaceId) {
    return db.preparedQuery(NUMBERS).execute(Tuple.of(agencyId, workspaceId));
  }

  public Future<RowSet<Row>> calls(SqlClient db, long agencyId, long workspaceId, Long callId, int limit) {
    return db.preparedQuery(CALLS).execute(Tuple.of(agencyId, workspaceId, callId, limit));
  }

  /** {@code workspaceId} must already be known to be the agency's. */
  public Future<RowSet<Row>> callTexts(SqlClient db, long workspaceId, long callId) {
    return db.preparedQuery(CALL_TEXTS).execute(Tuple.of(workspaceId, callId));
  }

  public Future<RowSet<Row>> decisions(SqlClient db, long agencyId, long workspaceId) {
    return db.preparedQuery(DECISIONS).execute(Tuple.of(agencyId, workspaceId));
  }

  public Future<RowSet<Row>> backlog(SqlClient db, long agencyId, long workspaceId) {
    return db.preparedQuery(BACKLOG).execute(Tuple.of(agencyId, workspaceId));
  }

  /** The agency's outbound webhook endpoints (they serve every workspace of the agency). */
  public Future<RowSet<Row>> webhooks(SqlClient db, long agencyId) {
    return db.preparedQuery(WEBHOOKS).execute(Tuple.of(agencyId));
  }
}
