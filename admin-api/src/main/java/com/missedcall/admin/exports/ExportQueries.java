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

  /**
   * The workspace's opt-out ledger (V63 opt_out_hashes), oldest first: the number's HMAC, never the number.
   * {@code erased}: the caller was erased while opted out, this row is all that remains of them.
   */
  static final List<String> LEDGER_COLUMNS = List.of("number_hash", "opted_out_at", "source", "opted_in_at",
      "erased");
  static final String LEDGER = """
      SELECT encode(number_hash, 'hex') AS number_hash, opted_out_at, source, opted_in_at,
             erased_at IS NOT NULL AS erased
        FROM opt_out_hashes
       WHERE workspace_id = $1
       ORDER BY id""";

  private ExportQueries() {}
}
