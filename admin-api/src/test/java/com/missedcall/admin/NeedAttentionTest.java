package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "Need attention" on the overview and the leads list: an emergency the automatic replies answered still needs a
 * person until a staff member texts the caller, and a text to the team about the caller is not the caller's last message.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NeedAttentionTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Api api;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Attention Agency");
    api = admin.as(agency.key());
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  @Test
  void anEmergencyTheAutomaticRepliesAnsweredNeedsAttentionOnTheOverview() {
    Lead lead = textedLead("Flooded Basements");
    emergencyAnsweredByTheScript(lead);

    assertThat(attentionCount(lead.workspace)).isEqualTo(1);
  }

  @Test
  void theLeadsListSaysAnUnhandledEmergencyNeedsAttention() {
    Lead lead = textedLead("Burst Pipes");
    emergencyAnsweredByTheScript(lead);

    JsonObject listed = api.get("/api/v1/leads?attention=true&workspace_id=" + lead.workspace).data().getJsonObject(0);
    assertThat(listed.getLong("id")).isEqualTo(lead.id);
    assertThat(listed.getJsonObject("attention").getString("code")).isEqualTo("emergency_unhandled");
  }

  @Test
  void anEmergencyAStaffMemberTextedNoLongerNeedsAttention() {
    Lead lead = textedLead("Gas Leaks");
    emergencyAnsweredByTheScript(lead);
    message(lead, "outbound", "manual", "On our way, 20 minutes.");

    assertThat(attentionCount(lead.workspace)).isZero();
    assertThat(api.get("/api/v1/leads?attention=true&workspace_id=" + lead.workspace).data()).isEmpty();
  }

  @Test
  void aTeamAlertAboutTheCallerDoesNotHideTheirUnansweredReply() {
    Lead lead = textedLead("Quiet Roofing");
    message(lead, "inbound", "reply", "Can someone come Tuesday?");
    message(lead, "outbound", "team_summary", "Lead summary: roof, Tuesday");

    assertThat(attentionCount(lead.workspace)).isEqualTo(1);
    JsonObject listed = api.get("/api/v1/leads?attention=true&workspace_id=" + lead.workspace).data().getJsonObject(0);
    assertThat(listed.getJsonObject("attention").getString("code")).isEqualTo("caller_replied");
  }

  private record Lead(long workspace, long id, String caller, String number) {}

  private Lead textedLead(String business) {
    long workspace = tenants.workspace(agency, business);
    String number = Tenants.phone();
    tenants.number(agency, workspace, number);
    String caller = Tenants.phone();
    Tenants.Decided decided = tenants.missedCall(agency, workspace, caller, number);
    assertThat(decided.reason()).isEqualTo("texted");
    // Twilio delivered the text-back
    tenants.execute("UPDATE messages SET status = 'delivered' WHERE lead_id = " + decided.leadId());
    return new Lead(workspace, decided.leadId(), caller, number);
  }

  /** The caller wrote an emergency word; the built-in script answered; the team was alerted. */
  private void emergencyAnsweredByTheScript(Lead lead) {
    message(lead, "inbound", "reply", "Water everywhere, it's an emergency");
    tenants.execute("UPDATE leads SET urgency = 'emergency', stage = 'engaged' WHERE id = " + lead.id);
    message(lead, "outbound", "ai_reply", "Sorry to hear that. What's the address?");
    message(lead, "outbound", "alert", "URGENT: emergency from a caller");
  }

  private void message(Lead lead, String direction, String kind, String body) {
    boolean in = "inbound".equals(direction);
    tenants.execute("INSERT INTO messages (workspace_id, lead_id, direction, kind, from_number, to_number, body, status) "
        + "VALUES (" + lead.workspace + ", " + lead.id + ", '" + direction + "', '" + kind + "', '"
        + (in ? lead.caller : lead.number) + "', '" + (in ? lead.number : lead.caller) + "', '"
        + body.replace("'", "''") + "', '" + (in ? "received" : "delivered") + "')");
  }

  private long attentionCount(long workspace) {
    return api.get("/api/v1/overview?workspace_id=" + workspace).json().getLong("leads_needing_attention");
  }
}
