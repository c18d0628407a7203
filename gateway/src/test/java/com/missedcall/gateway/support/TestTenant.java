package com.missedcall.gateway.support;

import com.missedcall.testing.TestDatabase;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds an agency, its Twilio account, a workspace and a tracked number in the test database.
 * Arranging data only: every behaviour under test goes through the gateway's HTTP routes.
 */
public final class TestTenant {
  private final TestDatabase db;
  private String businessName = "Joe's Plumbing";
  private String routingMode = "forwarding";
  private String businessPhone = null;
  private String plan = "pro";
  private String billing = "active";
  private String status = "active";
  private Integer dailyCap = null;
  private Integer monthlyCap = null;
  private int windowSeconds = 86_400;
  private String previousToken = null;

  /** What was created. */
  public record Created(long agencyId, long workspaceId, String accountSid, String authToken, String number) {}

  private TestTenant(TestDatabase db) {
    this.db = db;
  }

  public static TestTenant in(TestDatabase db) {
    return new TestTenant(db);
  }

  public TestTenant named(String name) {
    this.businessName = name;
    return this;
  }

  public TestTenant direct(String businessPhone) {
    this.routingMode = "direct";
    this.businessPhone = businessPhone;
    return this;
  }

  public TestTenant plan(String plan) {
    this.plan = plan;
    return this;
  }

  public TestTenant billing(String billing) {
    this.billing = billing;
    return this;
  }

  public TestTenant inactive() {
    this.status = "inactive";
    return this;
  }

  public TestTenant dailySmsCap(int cap) {
    this.dailyCap = cap;
    return this;
  }

  public TestTenant monthlyLeadCap(int cap) {
    this.monthlyCap = cap;
    return this;
  }

  public TestTenant duplicateWindowSeconds(int seconds) {
    this.windowSeconds = seconds;
    return this;
  }

  public TestTenant previousToken(String token) {
    this.previousToken = token;
    return this;
  }

  public Created create() {
    String accountSid = "AC" + randomHex(32);
    String token = randomHex(32);
    String number = randomNumber();
    long agency = db.queryLong("INSERT INTO agencies (name) VALUES (?) RETURNING id", "Agency " + accountSid);
    db.queryLong("INSERT INTO twilio_accounts (account_sid, agency_id, auth_token, previous_auth_token) "
        + "VALUES (?, ?, ?, ?) RETURNING 1", accountSid, agency, seal(token, accountSid), seal(previousToken, accountSid));
    long workspace = db.queryLong("INSERT INTO workspaces (agency_id, name, plan_code, billing_status, status, "
            + "daily_sms_cap, monthly_lead_cap, duplicate_window_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        agency, businessName, plan, billing, status, dailyCap, monthlyCap, windowSeconds);
    db.queryLong("INSERT INTO tracked_numbers (workspace_id, account_sid, phone_number, routing_mode, business_phone) "
        + "VALUES (?, ?, ?, ?, ?) RETURNING id", workspace, accountSid, number, routingMode, businessPhone);
    return new Created(agency, workspace, accountSid, token, number);
  }

  /** Stored as the gateway stores it: sealed with the tests' key. */
  private static String seal(String token, String accountSid) {
    return token == null ? null
        : GatewayUnderTest.testSecrets().seal(token, com.missedcall.recovery.secrets.SecretBox.twilioAccount(accountSid));
  }

  public static String randomNumber() {
    return "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
  }

  static String randomHex(int chars) {
    byte[] bytes = new byte[chars / 2];
    ThreadLocalRandom.current().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
