package com.missedcall.admin.support;

import com.missedcall.admin.auth.ApiKeys;
import com.missedcall.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Arranges rows in the test database: agencies with a key and a Twilio account, workspaces, numbers,
 * and calls decided by the product's own {@code recovery_decide()}. Arranging only: every behaviour
 * under test goes through the HTTP API.
 */
public final class Tenants {
  private final TestDatabase db;
  private final com.missedcall.twiliosim.TwilioSimulator twilio;

  /** An agency with one API key and one Twilio account (which Twilio, the simulator, knows too). */
  public record Agency(long id, String key, String accountSid, String authToken) {}

  /** What one decided call produced. */
  public record Decided(long callId, Long leadId, String reason) {}

  Tenants(TestDatabase db, com.missedcall.twiliosim.TwilioSimulator twilio) {
    this.db = db;
    this.twilio = twilio;
  }

  public Agency agency(String name) {
    return agency(name, false);
  }

  public Agency agency(String name, boolean maySetPlans) {
    long id = db.queryLong("INSERT INTO agencies (name, may_set_plans) VALUES (?, ?) RETURNING id", name, maySetPlans);
    String sid = "AC" + hex(32);
    String token = hex(32);
    db.queryLong("INSERT INTO twilio_accounts (account_sid, agency_id, auth_token) VALUES (?, ?, ?) RETURNING 1",
        sid, id, AdminUnderTest.SECRETS.seal(token, com.missedcall.recovery.secrets.SecretBox.twilioAccount(sid)));
    twilio.addAccount(sid, token);
    return new Agency(id, key(id, "test key"), sid, token);
  }

  /** A new API key of the agency, as the API would create it. */
  public String key(long agencyId, String name) {
    ApiKeys.NewKey key = ApiKeys.generate();
    db.queryLong("INSERT INTO api_keys (agency_id, name, display_prefix, key_hash) VALUES (?, ?, ?, ?) RETURNING id",
        agencyId, name, key.displayPrefix(), key.hash());
    return key.key();
  }

  /** A new platform operator key, as the operator API would create it. */
  public String operatorKey(String name) {
    ApiKeys.NewKey key = com.missedcall.admin.operator.OperatorKeys.generate();
    db.queryLong("INSERT INTO operator_keys (name, display_prefix, key_hash) VALUES (?, ?, ?) RETURNING id",
        name, key.displayPrefix(), key.hash());
    return key.key();
  }

  public long workspace(Agency agency, String name) {
    return db.queryLong("INSERT INTO workspaces (agency_id, name, plan_code) VALUES (?, ?, 'pro') RETURNING id",
        agency.id(), name);
  }

  /** The agency's active tracked number, which Twilio lists on the agency's account only. */
  public long number(Agency agency, long workspaceId, String phone) {
    twilio.placeNumber(agency.accountSid(), phone);
    return db.queryLong("INSERT INTO tracked_numbers (workspace_id, account_sid, phone_number, routing_mode) "
        + "VALUES (?, ?, ?, 'forwarding') RETURNING id", workspaceId, agency.accountSid(), phone);
  }

  /** A missed call, decided by recovery_decide() exactly as the webhook path does. */
  public Decided missedCall(Agency agency, long workspaceId, String caller, String called) {
    return decide(agency, workspaceId, caller, called, "missed");
  }

  public Decided decide(Agency agency, long workspaceId, String caller, String called, String event) {
    String sql = "SELECT call_id, lead_id, reason FROM recovery_decide(?, ?, ?, ?, ?, 'forwarding', 'completed', ?, "
        + "now(), ?, 1, '{\"account_sid\":\"" + agency.accountSid() + "\"}'::jsonb)";
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, workspaceId);
      ps.setString(2, agency.accountSid());
      ps.setString(3, "CA" + hex(32));
      ps.setString(4, caller);
      ps.setString(5, called);
      ps.setString(6, event);
      ps.setString(7, "Sorry we missed your call!");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long lead = rs.getLong(2);
        return new Decided(rs.getLong(1), rs.wasNull() ? null : lead, rs.getString(3));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public void execute(String sql) {
    db.execute(sql);
  }

  public long queryLong(String sql, Object... args) {
    return db.queryLong(sql, args);
  }

  public String queryString(String sql, Object... args) {
    return db.queryString(sql, args);
  }

  public static String phone() {
    return "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
  }

  static String hex(int chars) {
    byte[] bytes = new byte[chars / 2];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
