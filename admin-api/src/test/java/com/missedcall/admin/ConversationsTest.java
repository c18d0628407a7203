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

/** Conversation actions go through the conversations feature's service; the admin API finds, scopes and audits. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConversationsTest {
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
    agency = tenants.agency("Conversations Agency");
    api = admin.as(agency.key());
    workspace = tenants.workspace(agency, "Talkative Plumbing");
    number = Tenants.phone();
    tenants.number(agency, workspace, number);
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  /** A texted-back missed call opens a conversation (V3); returns its id. */
  private long conversation(String caller) {
    long lead = tenants.missedCall(agency, workspace, caller, number).leadId();
    return tenants.queryLong("SELECT id FROM conversations WHERE lead_id = ? AND status = 'open'", lead);
  }

  private void callerTexts(String caller, String body) {
    tenants.queryString("SELECT outcome FROM inbound_sms_receive(?, ?, ?, ?, ?, ?, 1, NULL, NULL)", workspace,
        agency.accountSid(), number, caller, body, "SM" + java.util.UUID.randomUUID().toString().replace("-", ""));
  }

  @Test
  void aConversationShowsItsMessagesAndWhatHappenedInWords() {
    String caller = Tenants.phone();
    long id = conversation(caller);
    callerTexts(caller, "My basement is flooding");

    JsonObject c = api.get("/api/v1/conversations/" + id).json();

    assertThat(c.getString("caller")).isEqualTo(caller);
    assertThat(c.getString("status")).isEqualTo("open");
    assertThat(c.getBoolean("awaiting_reply")).isTrue();
    assertThat(c.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("direction")))
        .containsExactly("outbound", "inbound");
    assertThat(c.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("words")))
        .contains("Urgent words detected: an emergency word");
  }

  @Test
  void theListPutsThreadsWaitingForAReplyApart() {
    String waiting = Tenants.phone();
    conversation(waiting);
    callerTexts(waiting, "Hello?");
    conversation(Tenants.phone());

    Api.Answer answer = api.get("/api/v1/conversations?awaiting_reply=true&workspace_id=" + workspace);

    assertThat(answer.data().stream().map(o -> ((JsonObject) o).getString("caller"))).contains(waiting)
        .allMatch(c -> !c.equals("nobody"));
    assertThat(answer.data().stream().allMatch(o -> ((JsonObject) o).getBoolean("awaiting_reply"))).isTrue();
  }

  @Test
  void aManualMessageIsQueuedAndTakesTheConversationOver() {
    long id = conversation(Tenants.phone());

    Api.Answer answer = api.post("/api/v1/conversations/" + id + "/messages", new JsonObject().put("body", "On our way!"));

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.json().getBoolean("staff_takeover")).isTrue();
    assertThat(answer.json().getString("handled_by")).isEqualTo("staff");
    assertThat(tenants.queryLong("SELECT count(*) FROM messages WHERE conversation_id = ? AND kind = 'manual' "
        + "AND body = 'On our way!' AND send_status IS NOT NULL", id)).isEqualTo(1);
    assertThat(tenants.queryLong("SELECT count(*) FROM audit_log WHERE action = 'conversation.message' AND target_id = ?",
        String.valueOf(id))).isEqualTo(1);
  }

  @Test
  void handingBackLetsTheAiAnswerAgain() {
    long id = conversation(Tenants.phone());
    api.post("/api/v1/conversations/" + id + "/messages", new JsonObject().put("body", "Staff here"));

    JsonObject c = api.post("/api/v1/conversations/" + id + "/hand-back", null).json();

    assertThat(c.getBoolean("staff_takeover")).isFalse();
    assertThat(c.getString("handled_by")).isEqualTo("ai");
    assertThat(c.getJsonArray("events").encode()).contains("Handed back to the AI");
  }

  @Test
  void takingOverPausesTheAiWithoutTexting() {
    String caller = Tenants.phone();
    long id = conversation(caller);
    callerTexts(caller, "Can someone call me back?");

    Api.Answer answer = api.post("/api/v1/conversations/" + id + "/take-over", null);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().getBoolean("staff_takeover")).isTrue();
    assertThat(answer.json().getString("handled_by")).isEqualTo("staff");
    assertThat(answer.json().getJsonArray("events").encode()).contains("Staff took over from the AI: by staff");
    assertThat(tenants.queryLong("SELECT count(*) FROM messages WHERE conversation_id = ? AND kind = 'manual'", id))
        .isZero();
    assertThat(tenants.queryLong("SELECT count(*) FROM jobs WHERE conversation_id = ? AND status = 'pending' "
        + "AND kind = 'ai_reply'", id)).isZero();
    assertThat(tenants.queryLong("SELECT count(*) FROM conversations WHERE id = ? AND followup_step IS NOT NULL", id))
        .isZero();
    assertThat(tenants.queryLong("SELECT count(*) FROM jobs WHERE conversation_id = ? AND status = 'cancelled' "
        + "AND kind = 'ai_reply'", id)).isEqualTo(1);
    assertThat(tenants.queryLong("SELECT count(*) FROM audit_log WHERE action = 'conversation.take_over' "
        + "AND target_id = ?", String.valueOf(id))).isEqualTo(1);
  }

  @Test
  void takingOverTwiceIsRecordedOnce() {
    long id = conversation(Tenants.phone());
    api.post("/api/v1/conversations/" + id + "/take-over", null);

    Api.Answer again = api.post("/api/v1/conversations/" + id + "/take-over", null);

    assertThat(again.status()).isEqualTo(200);
    assertThat(tenants.queryLong("SELECT count(*) FROM conversation_events WHERE conversation_id = ? "
        + "AND kind = 'staff_takeover'", id)).isEqualTo(1);
  }

  @Test
  void aClosedConversationCannotBeTakenOver() {
    long id = conversation(Tenants.phone());
    api.post("/api/v1/conversations/" + id + "/close", null);

    Api.Answer answer = api.post("/api/v1/conversations/" + id + "/take-over", null);

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.code()).isEqualTo("conversation_closed");
    assertThat(tenants.queryString("SELECT staff_takeover::text FROM conversations WHERE id = ?", id)).isEqualTo("false");
  }

  @Test
  void aClosedConversationIsReopenedWithAFreshAutoClose() {
    long id = conversation(Tenants.phone());
    api.post("/api/v1/conversations/" + id + "/close", null);

    Api.Answer answer = api.post("/api/v1/conversations/" + id + "/reopen", null);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().getString("status")).isEqualTo("open");
    assertThat(answer.json().getValue("closed_at")).isNull();
    assertThat(answer.json().getValue("close_reason")).isNull();
    assertThat(answer.json().getJsonArray("events").encode()).contains("Conversation reopened: by staff");
    assertThat(tenants.queryLong("SELECT count(*) FROM conversations WHERE id = ? AND close_due_at > now()", id))
        .isEqualTo(1);
    assertThat(tenants.queryLong("SELECT count(*) FROM audit_log WHERE action = 'conversation.reopen' AND target_id = ?",
        String.valueOf(id))).isEqualTo(1);
    assertThat(api.post("/api/v1/conversations/" + id + "/messages", new JsonObject().put("body", "Back again")).status())
        .isEqualTo(201);
  }

  @Test
  void reopeningAnOpenConversationChangesNothing() {
    long id = conversation(Tenants.phone());

    Api.Answer answer = api.post("/api/v1/conversations/" + id + "/reopen", null);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().getString("status")).isEqualTo("open");
    assertThat(tenants.queryLong("SELECT count(*) FROM conversation_events WHERE conversation_id = ? "
        + "AND kind = 'reopened'", id)).isZero();
  }

  @Test
  void aConversationIsNotReopenedWhileItsLeadHasAnotherOpen() {
    String caller = Tenants.phone();
    long first = conversation(caller);
    api.post("/api/v1/conversations/" + first + "/close", null);
    long lead = tenants.queryLong("SELECT lead_id FROM conversations WHERE id = ?", first);
    long second = api.post("/api/v1/leads/" + lead + "/messages", new JsonObject().put("body", "New thread")).json()
        .getLong("id");

    Api.Answer answer = api.post("/api/v1/conversations/" + first + "/reopen", null);

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.code()).isEqualTo("lead_has_open_conversation");
    assertThat(tenants.queryString("SELECT status FROM conversations WHERE id = ?", first)).isEqualTo("closed");
    assertThat(tenants.queryString("SELECT status FROM conversations WHERE id = ?", second)).isEqualTo("open");
    assertThat(tenants.queryLong("SELECT count(*) FROM audit_log WHERE action = 'conversation.reopen' AND target_id = ?",
        String.valueOf(first))).isZero();
  }

  @Test
  void theAiIsSwitchedOffForOneConversation() {
    long id = conversation(Tenants.phone());

    JsonObject c = api.patch("/api/v1/conversations/" + id, new JsonObject().put("ai_enabled", false)).json();

    assertThat(c.getBoolean("ai_enabled")).isFalse();
    assertThat(c.getJsonArray("events").encode()).contains("AI switched off for this conversation");
  }

  @Test
  void aClosedConversationTakesNoMoreMessages() {
    long id = conversation(Tenants.phone());

    JsonObject closed = api.post("/api/v1/conversations/" + id + "/close", null).json();
    Api.Answer send = api.post("/api/v1/conversations/" + id + "/messages", new JsonObject().put("body", "Still there?"));

    assertThat(closed.getString("status")).isEqualTo("closed");
    assertThat(send.status()).isEqualTo(409);
    assertThat(send.code()).isEqualTo("conversation_closed");
  }

  @Test
  void aClosedConversationCannotBeHandedBack() {
    long id = conversation(Tenants.phone());
    api.post("/api/v1/conversations/" + id + "/close", null);

    Api.Answer answer = api.post("/api/v1/conversations/" + id + "/hand-back", null);

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.code()).isEqualTo("conversation_closed");
  }

  @Test
  void switchingTheAiNeedsToSayOnOrOff() {
    long id = conversation(Tenants.phone());

    assertThat(api.patch("/api/v1/conversations/" + id, new JsonObject()).status()).isEqualTo(400);
  }

  @Test
  void aCallerWhoOptedOutCannotBeTexted() {
    String caller = Tenants.phone();
    long id = conversation(caller);
    tenants.execute("INSERT INTO opt_outs (workspace_id, phone, source) VALUES (" + workspace + ", '" + caller + "', 'keyword')");

    Api.Answer send = api.post("/api/v1/conversations/" + id + "/messages", new JsonObject().put("body", "Hi"));

    assertThat(send.status()).isEqualTo(409);
    assertThat(send.code()).isEqualTo("caller_opted_out");
  }

  @Test
  void aBlankMessageIsRefused() {
    long id = conversation(Tenants.phone());

    assertThat(api.post("/api/v1/conversations/" + id + "/messages", new JsonObject().put("body", "")).status())
        .isEqualTo(400);
    assertThat(api.post("/api/v1/conversations/" + id + "/messages", new JsonObject().put("body", "   ")).code())
        .isEqualTo("empty_message");
  }

  @Test
  void textingALeadOpensANewConversationWhenTheLastOneIsClosed() {
    String caller = Tenants.phone();
    long first = conversation(caller);
    api.post("/api/v1/conversations/" + first + "/close", null);
    long lead = tenants.queryLong("SELECT lead_id FROM conversations WHERE id = ?", first);

    Api.Answer answer = api.post("/api/v1/leads/" + lead + "/messages", new JsonObject().put("body", "Following up"));

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.json().getLong("id")).isNotEqualTo(first);
    assertThat(answer.json().getString("status")).isEqualTo("open");
  }

  @Test
  void everyActionOnAMissingConversationAnswers404() {
    String path = "/api/v1/conversations/987654";
    assertThat(api.get(path).code()).isEqualTo("conversation_not_found");
    assertThat(api.post(path + "/messages", new JsonObject().put("body", "x")).code()).isEqualTo("conversation_not_found");
    assertThat(api.post(path + "/take-over", null).code()).isEqualTo("conversation_not_found");
    assertThat(api.post(path + "/hand-back", null).code()).isEqualTo("conversation_not_found");
    assertThat(api.post(path + "/reopen", null).code()).isEqualTo("conversation_not_found");
    assertThat(api.post(path + "/close", null).code()).isEqualTo("conversation_not_found");
    assertThat(api.patch(path, new JsonObject().put("ai_enabled", true)).code()).isEqualTo("conversation_not_found");
    assertThat(api.post("/api/v1/leads/987654/messages", new JsonObject().put("body", "x")).code()).isEqualTo("lead_not_found");
  }

  @Test
  void textsFromPeopleWhoAreNotLeadsAreListedAsUnmatched() {
    String stranger = Tenants.phone();
    callerTexts(stranger, "Do you do gutters?");

    Api.Answer answer = api.get("/api/v1/unmatched-replies?workspace_id=" + workspace);

    assertThat(answer.status()).isEqualTo(200);
    JsonObject reply = answer.data().stream().map(JsonObject.class::cast)
        .filter(r -> stranger.equals(r.getString("from_number"))).findFirst().orElseThrow();
    assertThat(reply.getString("body")).isEqualTo("Do you do gutters?");
  }

  @Test
  void listsOfAMissingWorkspaceAnswer404() {
    assertThat(api.get("/api/v1/conversations?workspace_id=987654").code()).isEqualTo("workspace_not_found");
    assertThat(api.get("/api/v1/unmatched-replies?workspace_id=987654").code()).isEqualTo("workspace_not_found");
  }
}
