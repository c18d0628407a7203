package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The send delay (issue #14 item 4): set per workspace for open and after hours (0-300 s, 400 otherwise); a
 * text-back waiting it out is due when it ends, and is cancelled with the reason on its call when the caller's next
 * call is answered, the caller texts first, staff text the caller or staff mark the lead handled. A text-back
 * without a delay, or one a sender already claimed, is never cancelled.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SendDelayTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Api api;
  private long workspace;
  private String number;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Delay Agency");
    api = admin.as(agency.key());
    workspace = tenants.workspace(agency, "Patient Plumbing");
    number = Tenants.phone();
    tenants.number(agency, workspace, number);
    tenants.execute("UPDATE workspaces SET textback_delay_open_seconds = 60, textback_delay_after_hours_seconds = 120, "
        + "duplicate_window_seconds = 0 WHERE id = " + workspace);
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  /** A missed call decided as the webhook path decides it, at a moment (its copy's), for {@code caller}. */
  private long missed(String caller, String moment) {
    return tenants.queryLong("SELECT call_id FROM recovery_decide(?, ?, ?, ?, ?, 'forwarding', 'completed', 'missed', "
            + "now(), 'Sorry we missed your call!', 1, jsonb_build_object('account_sid', ?::text, 'moment', ?::text))",
        workspace, agency.accountSid(), "CA" + UUID.randomUUID().toString().replace("-", ""), caller, number,
        agency.accountSid(), moment);
  }

  private String call(long callId, String column) {
    return tenants.queryString("SELECT " + column + "::text FROM calls WHERE id = ?", callId);
  }

  private String textBack(long callId, String column) {
    return tenants.queryString("SELECT " + column + "::text FROM messages WHERE call_id = ? AND kind = 'textback'",
        callId);
  }

  private long lead(String caller) {
    return tenants.queryLong("SELECT id FROM leads WHERE workspace_id = ? AND caller = ?", workspace, caller);
  }

  @Test
  void theDelaysAreSetPerWorkspaceForOpenAndAfterHoursWithinZeroToFiveMinutes() {
    long ws = tenants.workspace(agency, "Settings Plumbing");
    Api.Answer set = api.patch("/api/v1/workspaces/" + ws, new JsonObject().put("textback_delay_open_seconds", 15)
        .put("textback_delay_after_hours_seconds", 300));

    assertThat(set.status()).isEqualTo(200);
    JsonObject read = api.get("/api/v1/workspaces/" + ws).json();
    assertThat(read.getInteger("textback_delay_open_seconds")).isEqualTo(15);
    assertThat(read.getInteger("textback_delay_after_hours_seconds")).isEqualTo(300);
    for (Object bad : new Object[] {301, -1, "60", 1.5}) {
      Api.Answer refused = api.patch("/api/v1/workspaces/" + ws, new JsonObject().put("textback_delay_open_seconds", bad));
      assertThat(refused.status()).as("delay %s", bad).isEqualTo(400);
    }
    assertThat(api.get("/api/v1/workspaces/" + ws).json().getInteger("textback_delay_open_seconds")).isEqualTo(15);
  }

  @Test
  void aDelayedTextBackIsDueWhenTheMomentsDelayEndsAndItsLatencyCountsFromThere() {
    long open = missed(Tenants.phone(), "open");
    long holiday = missed(Tenants.phone(), "holiday");
    long noMoment = missed(Tenants.phone(), null);

    assertThat(textBack(open, "send_status")).isEqualTo("pending");
    assertThat(textBack(open, "send_delay_seconds")).isEqualTo("60");
    assertThat(textBack(open, "extract(epoch FROM due_at - created_at)::int")).isEqualTo("60");
    assertThat(tenants.queryString("SELECT extract(epoch FROM m.webhook_received_at - c.received_at)::int::text "
        + "FROM messages m JOIN calls c ON c.id = m.call_id WHERE m.call_id = ?", open)).isEqualTo("60");
    assertThat(textBack(holiday, "send_delay_seconds")).isEqualTo("120");
    assertThat(textBack(noMoment, "send_delay_seconds")).isNull();
  }

  @Test
  void anAnsweredCallFromTheCallerCancelsTheWaitingTextBackWithTheReasonOnTheCall() {
    String caller = Tenants.phone();
    long first = missed(caller, "open");

    tenants.decide(agency, workspace, caller, number, "answered");

    assertThat(call(first, "decision")).isEqualTo("skipped");
    assertThat(call(first, "reason")).isEqualTo("cancelled_answered_call");
    assertThat(textBack(first, "send_status")).isEqualTo("cancelled");
    assertThat(tenants.queryLong("SELECT count(*) FROM conversation_events e JOIN messages m "
        + "ON m.conversation_id = e.conversation_id WHERE m.call_id = ? AND e.kind = 'textback_cancelled' "
        + "AND e.reason = 'cancelled_answered_call'", first)).isEqualTo(1);
  }

  @Test
  void theCallerTextingFirstCancelsItAndTheConversationGoesOnFromTheirText() {
    String caller = Tenants.phone();
    long call = missed(caller, "open");

    String outcome = tenants.queryString("SELECT outcome FROM inbound_sms_receive(?, ?, ?, ?, ?, ?, 1, NULL, NULL)",
        workspace, agency.accountSid(), number, caller, "Hi, my boiler is leaking",
        "SM" + UUID.randomUUID().toString().replace("-", ""));

    assertThat(outcome).isEqualTo("reply");
    assertThat(call(call, "reason")).isEqualTo("cancelled_caller_texted");
    assertThat(textBack(call, "send_status")).isEqualTo("cancelled");
    assertThat(tenants.queryLong("SELECT count(*) FROM jobs j JOIN messages m ON m.conversation_id = j.conversation_id "
        + "WHERE m.call_id = ? AND j.kind = 'ai_reply' AND j.status = 'pending'", call)).isEqualTo(1);
  }

  @Test
  void aStaffMessageCancelsItAndIsSentInstead() {
    String caller = Tenants.phone();
    long call = missed(caller, "open");

    Api.Answer sent = api.post("/api/v1/leads/" + lead(caller) + "/messages", new JsonObject().put("body", "Calling you now"));

    assertThat(sent.status()).isEqualTo(201);
    assertThat(call(call, "reason")).isEqualTo("cancelled_staff_message");
    assertThat(textBack(call, "send_status")).isEqualTo("cancelled");
    assertThat(tenants.queryLong("SELECT count(*) FROM messages WHERE lead_id = ? AND kind = 'manual' "
        + "AND send_status = 'pending'", lead(caller))).isEqualTo(1);
    JsonObject shown = api.get("/api/v1/leads/" + lead(caller)).json().getJsonArray("calls").getJsonObject(0);
    assertThat(shown.getJsonObject("reason").getString("code")).isEqualTo("cancelled_staff_message");
    assertThat(shown.encode()).contains("staff texted the caller");
  }

  @Test
  void markingTheLeadHandledCancelsIt() {
    String staged = Tenants.phone();
    long stagedCall = missed(staged, "open");
    String booked = Tenants.phone();
    long bookedCall = missed(booked, "after_hours");
    String reopened = Tenants.phone();
    long reopenedCall = missed(reopened, "open");

    assertThat(api.patch("/api/v1/leads/" + lead(staged), new JsonObject().put("stage", "qualified")).status())
        .isEqualTo(200);
    assertThat(api.post("/api/v1/leads/" + lead(booked) + "/outcome", new JsonObject().put("outcome", "booked"))
        .status()).isEqualTo(200);
    assertThat(api.post("/api/v1/leads/" + lead(reopened) + "/outcome", new JsonObject().put("outcome", "open"))
        .status()).isEqualTo(200);

    assertThat(call(stagedCall, "reason")).isEqualTo("cancelled_lead_handled");
    assertThat(call(bookedCall, "reason")).isEqualTo("cancelled_lead_handled");
    assertThat(textBack(bookedCall, "send_status")).isEqualTo("cancelled");
    assertThat(call(reopenedCall, "reason")).isEqualTo("texted");
    assertThat(textBack(reopenedCall, "send_status")).isEqualTo("pending");
  }

  @Test
  void aTextBackWithoutDelayOrAlreadyClaimedIsNeverCancelled() {
    String undelayed = Tenants.phone();
    long undelayedCall = missed(undelayed, null);
    String claimed = Tenants.phone();
    long claimedCall = missed(claimed, "open");
    // a sender claimed it when its delay ended: it may be at Twilio already
    tenants.execute("UPDATE messages SET send_status = 'running', attempts = 1, last_outcome = 'unknown', "
        + "lease_until = now() + interval '1 minute' WHERE call_id = " + claimedCall);

    tenants.decide(agency, workspace, undelayed, number, "answered");
    api.post("/api/v1/leads/" + lead(claimed) + "/messages", new JsonObject().put("body", "Calling you now"));

    assertThat(call(undelayedCall, "reason")).isEqualTo("texted");
    assertThat(textBack(undelayedCall, "send_status")).isEqualTo("pending");
    assertThat(call(claimedCall, "reason")).isEqualTo("texted");
    assertThat(textBack(claimedCall, "send_status")).isEqualTo("running");
  }
}
