package com.missedcall.recovery.calls.decide;

import com.missedcall.testing.TestDatabase;

/**
 * What decisions wrote for one workspace, counted per table (each test has a workspace of its own); the work
 * they queued as its kinds, sorted: jobs by kind, and the steps set on conversation timers ('followup', 'oncall',
 * 'auto_close').
 */
record WorkspaceRows(long calls, long leads, String work, long messages, long conversations, long smsUsed,
                     long leadsUsed) {

  static WorkspaceRows of(TestDatabase db, long workspaceId) {
    return new WorkspaceRows(
        count(db, "calls", workspaceId), count(db, "leads", workspaceId), workKinds(db, workspaceId),
        count(db, "messages", workspaceId), count(db, "conversations", workspaceId),
        used(db, workspaceId, "sms_day"), used(db, workspaceId, "leads_month"));
  }

  /** Only the call's own row: no lead, no work, nothing counted. */
  static WorkspaceRows onlyTheCall() {
    return new WorkspaceRows(1, 0, "", 0, 0, 0, 0);
  }

  /** The call and its caller's lead, and nothing else (a skip after the lead was grouped). */
  static WorkspaceRows callAndLead() {
    return new WorkspaceRows(1, 1, "", 0, 0, 0, 0);
  }

  private static long count(TestDatabase db, String table, long workspaceId) {
    return db.queryLong("SELECT count(*) FROM " + table + " WHERE workspace_id = ?", workspaceId);
  }

  /** The kinds of the workspace's jobs and conversation timer steps, sorted, comma-separated ("" for none). */
  private static String workKinds(TestDatabase db, long workspaceId) {
    String kinds = db.queryString("""
        SELECT string_agg(kind, ',' ORDER BY kind) FROM (
          SELECT kind FROM jobs WHERE workspace_id = ?
          UNION ALL SELECT followup_step FROM conversations WHERE workspace_id = ? AND followup_step IS NOT NULL
          UNION ALL SELECT 'auto_close' FROM conversations WHERE workspace_id = ? AND close_due_at IS NOT NULL) w""",
        workspaceId, workspaceId, workspaceId);
    return kinds == null ? "" : kinds;
  }

  private static long used(TestDatabase db, long workspaceId, String metric) {
    return db.queryLong("SELECT coalesce(sum(used), 0) FROM usage_counters WHERE workspace_id = ? AND metric = ?",
        workspaceId, metric);
  }
}
