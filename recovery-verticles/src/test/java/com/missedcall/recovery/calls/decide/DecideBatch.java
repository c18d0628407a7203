package com.missedcall.recovery.calls.decide;

import com.missedcall.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code recovery_decide_batch} over several calls in one statement, as the gateway's group commit does. */
final class DecideBatch {
  private DecideBatch() {}

  /** One row of the batch's result: which webhook it answers and what was decided. */
  record Row(int ord, String outcome, String reason, Long callId, Long leadId, Long jobId) {}

  static List<Row> decide(TestDatabase db, long workspaceId, List<DecideCall> calls) {
    int n = calls.size();
    Object[] ws = new Object[n];
    Object[] accounts = new Object[n];
    Object[] sids = new Object[n];
    Object[] callers = new Object[n];
    Object[] called = new Object[n];
    Object[] modes = new Object[n];
    Object[] statuses = new Object[n];
    Object[] events = new Object[n];
    Object[] received = new Object[n];
    Object[] bodies = new Object[n];
    Object[] segments = new Object[n];
    Object[] payloads = new Object[n];
    for (int i = 0; i < n; i++) {
      DecideCall c = calls.get(i);
      ws[i] = workspaceId;
      accounts[i] = DecideCall.ACCOUNT;
      sids[i] = c.callSid();
      callers[i] = c.caller();
      called[i] = DecideCall.BUSINESS;
      modes[i] = "forwarding";
      statuses[i] = "no-answer";
      events[i] = "missed";
      received[i] = OffsetDateTime.ofInstant(c.receivedAt(), ZoneOffset.UTC);
      bodies[i] = "Sorry we missed you";
      segments[i] = 1;
      payloads[i] = "{}";
    }
    try (Connection c = db.connect(); var ps = c.prepareStatement("""
        SELECT ord, outcome, reason, call_id, lead_id, job_id
          FROM recovery_decide_batch(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)""")) {
      ps.setArray(1, c.createArrayOf("bigint", ws));
      ps.setArray(2, c.createArrayOf("text", accounts));
      ps.setArray(3, c.createArrayOf("text", sids));
      ps.setArray(4, c.createArrayOf("text", callers));
      ps.setArray(5, c.createArrayOf("text", called));
      ps.setArray(6, c.createArrayOf("text", modes));
      ps.setArray(7, c.createArrayOf("text", statuses));
      ps.setArray(8, c.createArrayOf("text", events));
      ps.setArray(9, c.createArrayOf("timestamptz", received));
      ps.setArray(10, c.createArrayOf("text", bodies));
      ps.setArray(11, c.createArrayOf("integer", segments));
      ps.setArray(12, c.createArrayOf("text", payloads));
      List<Row> rows = new ArrayList<>();
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new Row(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getObject(4, Long.class),
              rs.getObject(5, Long.class), rs.getObject(6, Long.class)));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("recovery_decide_batch failed", e);
    }
  }
}
