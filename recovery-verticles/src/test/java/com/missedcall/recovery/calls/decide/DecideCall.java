package com.missedcall.recovery.calls.decide;

import com.missedcall.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds the arguments of one {@code recovery_decide} call and runs it, as the gateway's batch does per webhook. */
final class DecideCall {
  static final String ACCOUNT = "AC" + "0123456789abcdef".repeat(2);
  static final String BUSINESS = "+15557770000";
  private static final AtomicInteger SEQ = new AtomicInteger();

  private final long workspaceId;
  private String callSid = "CA" + String.format("%032d", SEQ.incrementAndGet());
  private String caller = "+1555" + String.format("%07d", SEQ.get());
  private String event = "missed";
  private String callStatus = "no-answer";
  private Instant receivedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  private Double claimLeaseSeconds;
  private String moment;

  private DecideCall(long workspaceId) {
    this.workspaceId = workspaceId;
  }

  /** The moment the copy was chosen for ('open', 'after_hours', 'holiday'), which picks the send delay. */
  DecideCall moment(String moment) {
    this.moment = moment;
    return this;
  }

  static DecideCall missedCall(long workspaceId) {
    return new DecideCall(workspaceId);
  }

  /** Each call gets a fresh caller number; tests that need the same caller twice pass it on. */
  static String newCaller() {
    return "+1555" + String.format("%07d", SEQ.incrementAndGet());
  }

  DecideCall from(String number) {
    caller = number;
    return this;
  }

  DecideCall sid(String sid) {
    callSid = sid;
    return this;
  }

  DecideCall event(String dbEvent, String status) {
    event = dbEvent;
    callStatus = status;
    return this;
  }

  DecideCall at(Instant at) {
    receivedAt = at;
    return this;
  }

  DecideCall claimedFor(double leaseSeconds) {
    claimLeaseSeconds = leaseSeconds;
    return this;
  }

  String callSid() {
    return callSid;
  }

  String caller() {
    return caller;
  }

  Instant receivedAt() {
    return receivedAt;
  }

  /** Runs {@code recovery_decide} in its own transaction (autocommit) and returns its one row. */
  Decided decide(TestDatabase db) {
    try (Connection c = db.connect(); var ps = c.prepareStatement("""
        SELECT outcome, reason, call_id, lead_id, job_id, lead_counted, sms_used, leads_used, conv_id, claimed_until
          FROM recovery_decide(?, ?, ?, ?, ?, 'forwarding', ?, ?, ?, 'Sorry we missed you', 1, ?::jsonb,
                               ?::double precision)""")) {
      ps.setLong(1, workspaceId);
      ps.setString(2, ACCOUNT);
      ps.setString(3, callSid);
      ps.setString(4, caller);
      ps.setString(5, BUSINESS);
      ps.setString(6, callStatus);
      ps.setString(7, event);
      ps.setObject(8, OffsetDateTime.ofInstant(receivedAt, ZoneOffset.UTC));
      ps.setString(9, "{\"account_sid\":\"" + ACCOUNT + "\""
          + (moment == null ? "" : ", \"moment\":\"" + moment + "\"") + "}");
      ps.setObject(10, claimLeaseSeconds);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new AssertionError("recovery_decide returned no row");
        }
        Decided d = Decided.of(rs);
        if (rs.next()) {
          throw new AssertionError("recovery_decide returned more than one row");
        }
        return d;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("recovery_decide failed", e);
    }
  }

  /** One row of {@code recovery_decide}. */
  record Decided(String outcome, String reason, Long callId, Long leadId, Long jobId, boolean leadCounted,
                 Integer smsUsed, Integer leadsUsed, Long conversationId, OffsetDateTime claimedUntil) {
    static Decided of(ResultSet rs) throws SQLException {
      return new Decided(rs.getString("outcome"), rs.getString("reason"), rs.getObject("call_id", Long.class),
          rs.getObject("lead_id", Long.class), rs.getObject("job_id", Long.class), rs.getBoolean("lead_counted"),
          rs.getObject("sms_used", Integer.class), rs.getObject("leads_used", Integer.class),
          rs.getObject("conv_id", Long.class), rs.getObject("claimed_until", OffsetDateTime.class));
    }
  }
}
