package com.missedcall.admin.exports;

import java.util.List;

/**
 * What the CSV exports read: one workspace's leads or calls in a time range, oldest first, along the
 * (workspace_id, created_at) and (workspace_id, received_at) indexes. Callers scope the workspace to the agency
 * before the export starts. {@code test}: a test caller's lead or call (test-call mode), kept in the export but
 * marked, since reports leave them out.
 */
final class ExportQueries {
  static final List<String> LEAD_COLUMNS = List.of("id", "created_at", "caller", "stage", "call_count",
      "first_call_at", "last_call_at", "last_texted_at", "need", "address", "urgency", "test");
  static final String LEADS = """
      SELECT id, created_at, caller, stage, call_count, first_call_at, last_call_at, last_texted_at,
             need, address, urgency, is_test AS test
        FROM leads
       WHERE workspace_id = $1 AND created_at >= $2 AND created_at < $3
       ORDER BY created_at, id""";
  static final List<String> CALL_COLUMNS = List.of("id", "received_at", "call_sid", "caller", "called",
      "routing_mode", "call_status", "decision", "reason", "decided_at", "lead_id", "test");
  static final String CALLS = """
      SELECT id, received_at, call_sid, caller, called, routing_mode, call_status, decision, reason,
             decided_at, lead_id, is_test AS test
        FROM calls
       WHERE workspace_id = $1 AND received_at >= $2 AND received_at < $3
       ORDER BY received_at, id""";

  private ExportQueries() {}
}
