package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.admin.webhooks.destination.AllowedNetworks;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.testing.WebhookReceiver;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tenants are walls: agency A tries every operation of the contract with agency B's ids, filters and
 * bodies, and gets nothing: a foreign id answers 404 exactly like a missing one, lists and filters show
 * none of B's rows, and B's data is unchanged afterwards.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantIsolationTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private HttpServer fakeSimulator;
  private WebhookReceiver receiver;
  private Api a;
  private Api b;
  private B victim;
  private String snapshotBefore;

  /** Everything agency B has, by id. */
  private record B(Tenants.Agency agency, long workspace, long number, String phone, long lead, String caller,
                   long conversation, long webhook, long keyId, long notificationNumber, String stranger,
                   long notificationEmail, long testCaller) {}

  private final Map<String, List<Probe>> probes = new LinkedHashMap<>();

  private record Probe(String sentence, Runnable check) {}

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    receiver = WebhookReceiver.start(io.vertx.core.Vertx.vertx());
    // a stand-in simulator that has delivered texts to B's caller from B's number
    io.vertx.core.Vertx sim = io.vertx.core.Vertx.vertx();
    List<JsonObject> simulated = new ArrayList<>();
    fakeSimulator = sim.createHttpServer().requestHandler(req -> req.response().putHeader("Content-Type", "application/json")
        .end(new JsonArray(simulated).encode())).listen(0, "127.0.0.1").await();
    admin = AdminUnderTest.start(db, redis, s -> new AdminSettings(s.publicBaseUrl(), s.redisKeyPrefix(),
        s.redisTimeout(), s.rateLimitPerMinute(), s.webhookTimeout(), s.webhookMaxAttempts(), s.webhookRetryBase(),
        s.sweepInterval(), s.jobLease(), "http://127.0.0.1:" + fakeSimulator.actualPort(),
        // its receiver listens on 127.0.0.1: loopback is allowed like an operator's internal network
        AllowedNetworks.parse("127.0.0.0/8"), s.twilioApiBaseUrl(), s.twilioTimeout()));
    tenants = admin.tenants();

    Tenants.Agency agencyA = tenants.agency("Agency A");
    long wsA = tenants.workspace(agencyA, "A Plumbing");
    String phoneA = Tenants.phone();
    tenants.number(agencyA, wsA, phoneA);
    tenants.missedCall(agencyA, wsA, Tenants.phone(), phoneA);
    a = admin.as(agencyA.key());
    a.post("/api/v1/webhooks", new JsonObject().put("url", "https://a.example.com/h")
        .put("events", new JsonArray().add("lead.created")));

    Tenants.Agency agencyB = tenants.agency("Agency B");
    b = admin.as(agencyB.key());
    long wsB = tenants.workspace(agencyB, "B Electric");
    String phoneB = Tenants.phone();
    long numberB = tenants.number(agencyB, wsB, phoneB);
    String callerB = Tenants.phone();
    long leadB = tenants.missedCall(agencyB, wsB, callerB, phoneB).leadId();
    long conversationB = tenants.queryLong("SELECT id FROM conversations WHERE lead_id = ?", leadB);
    long webhookB = b.post("/api/v1/webhooks", new JsonObject().put("url", receiver.url())
        .put("events", new JsonArray().add("lead.created"))).json().getLong("id");
    long keyB = b.get("/api/v1/me").json().getJsonObject("api_key").getLong("id");
    long nnB = b.post("/api/v1/workspaces/" + wsB + "/notification-numbers",
        new JsonObject().put("phone", "+15005550166").put("kind", "alert")).json().getLong("id");
    String stranger = Tenants.phone();
    tenants.queryString("SELECT outcome FROM inbound_sms_receive(?, ?, ?, ?, 'who is this', 'SM' || md5(random()::text), "
        + "1, NULL, NULL)", wsB, agencyB.accountSid(), phoneB, stranger);
    b.patch("/api/v1/workspaces/" + wsB, new JsonObject().put("services", "Wiring"));
    simulated.add(new JsonObject().put("sid", "SMb").put("from", phoneB).put("to", callerB).put("body", "B's text-back")
        .put("acceptedAt", "2024-01-01T00:00:00Z"));
    long neB = b.post("/api/v1/workspaces/" + wsB + "/notification-emails", new JsonObject()
        .put("address", "owner@b-electric.test").put("types", new JsonArray().add("urgent"))).json().getLong("id");
    long tcB = b.post("/api/v1/workspaces/" + wsB + "/test-callers", new JsonObject().put("number", "+15005550167")
        .put("label", "B owner")).json().getLong("id");
    victim = new B(agencyB, wsB, numberB, phoneB, leadB, callerB, conversationB, webhookB, keyB, nnB, stranger, neB,
        tcB);
    snapshotBefore = snapshot();
    describeProbes();
  }

  @AfterAll
  void stop() {
    admin.close();
    receiver.close();
    fakeSimulator.close().await();
  }

  /** B's rows as one string: any change by A shows here. */
  private String snapshot() {
    long ws = victim.workspace();
    return String.join("\n",
        tenants.queryString("SELECT row_to_json(w)::text FROM workspaces w WHERE id = ?", ws),
        tenants.queryString("SELECT json_agg(n ORDER BY id)::text FROM tracked_numbers n WHERE workspace_id = ?", ws),
        tenants.queryString("SELECT json_agg(l ORDER BY id)::text FROM leads l WHERE workspace_id = ?", ws),
        tenants.queryString("SELECT json_agg(json_build_object('id', id, 'status', status, 'ai', ai_enabled, "
            + "'takeover', staff_takeover) ORDER BY id)::text FROM conversations WHERE workspace_id = ?", ws),
        tenants.queryString("SELECT count(*)::text FROM messages WHERE workspace_id = ?", ws),
        tenants.queryString("SELECT json_agg(json_build_object('caller', caller, 'lead', lead_id) ORDER BY id)::text "
            + "FROM calls WHERE workspace_id = ?", ws),
        tenants.queryString("SELECT string_agg(md5(body || to_number), ',' ORDER BY id) FROM messages WHERE workspace_id = ?",
            ws),
        tenants.queryString("SELECT json_agg(json_build_object('id', id, 'url', url, 'secret', secret, 'active', active, "
            + "'deleted', deleted_at) ORDER BY id)::text FROM webhook_endpoints WHERE agency_id = ?", victim.agency().id()),
        tenants.queryString("SELECT json_agg(json_build_object('id', id, 'revoked', revoked_at) ORDER BY id)::text "
            + "FROM api_keys WHERE agency_id = ?", victim.agency().id()),
        tenants.queryString("SELECT json_agg(n ORDER BY id)::text FROM notification_numbers n WHERE workspace_id = ?", ws),
        tenants.queryString("SELECT coalesce(json_agg(h)::text, 'none') FROM workspace_hours h WHERE workspace_id = ?", ws),
        tenants.queryString("SELECT coalesce(json_agg(s)::text, 'none') FROM intake_settings s WHERE workspace_id = ?", ws),
        tenants.queryString("SELECT coalesce(json_agg(t)::text, 'none') FROM textback_copy t WHERE workspace_id = ?", ws),
        tenants.queryString("SELECT json_agg(n ORDER BY id)::text FROM notification_emails n WHERE workspace_id = ?", ws),
        tenants.queryString("SELECT json_agg(t ORDER BY id)::text FROM test_callers t WHERE workspace_id = ?", ws),
        tenants.queryString("SELECT count(*)::text FROM email_messages WHERE workspace_id = ?", ws),
        tenants.queryString("SELECT concat(auth_token, '|', previous_auth_token) FROM twilio_accounts WHERE account_sid = ?",
            victim.agency().accountSid()),
        tenants.queryString("SELECT count(*)::text FROM audit_log WHERE agency_id = ?", victim.agency().id()),
        tenants.queryString("SELECT coalesce(json_agg(r)::text, 'none') FROM workspace_retention r WHERE workspace_id = ?",
            ws),
        tenants.queryString("SELECT count(*)::text FROM webhook_deliveries WHERE agency_id = ?", victim.agency().id()));
  }

  private void probe(String operationId, String sentence, Runnable check) {
    probes.computeIfAbsent(operationId, k -> new ArrayList<>()).add(new Probe(sentence, check));
  }

  /** A's answer for B's id is the same as for an id that exists nowhere. */
  private void sameAsMissing(String operationId, String method, String pathWithB, String pathMissing, Object body,
                             String what) {
    probe(operationId, "agency A reaching for agency B's " + what + " by id gets 404 like a missing one", () -> {
      Api.Answer foreign = a.send(method, pathWithB, body == null ? null : body.toString(), body == null ? Map.of()
          : Map.of("Content-Type", "application/json"));
      Api.Answer missing = a.send(method, pathMissing, body == null ? null : body.toString(), body == null ? Map.of()
          : Map.of("Content-Type", "application/json"));
      assertThat(foreign.status()).as(operationId + " " + foreign).isEqualTo(404);
      assertThat(foreign.text()).isEqualTo(missing.text());
    });
  }

  private static Set<String> ids(Api.Answer list) {
    Set<String> ids = new TreeSet<>();
    list.data().forEach(o -> ids.add(String.valueOf(((JsonObject) o).getValue("id"))));
    return ids;
  }

  private void describeProbes() {
    B v = victim;
    String ws = "/api/v1/workspaces/" + v.workspace();
    String wsMissing = "/api/v1/workspaces/987654321";
    JsonObject name = new JsonObject().put("name", "Taken over");

    probe("getOpenApiJson", "the contract is public and carries no tenant data", () ->
        assertThat(a.get("/api/v1/openapi.json").text()).doesNotContain(v.phone()).doesNotContain("B Electric"));
    probe("getOpenApiYaml", "the contract is public and carries no tenant data", () ->
        assertThat(a.get("/api/v1/openapi.yaml").text()).doesNotContain(v.phone()).doesNotContain("B Electric"));
    probe("getMe", "agency A sees only itself", () ->
        assertThat(a.get("/api/v1/me").text()).doesNotContain("Agency B"));

    probe("listApiKeys", "agency A's key list has none of B's keys", () ->
        assertThat(ids(a.get("/api/v1/api-keys?limit=200"))).doesNotContain(String.valueOf(v.keyId())));
    probe("createApiKey", "a key cannot be created for agency B", () ->
        assertThat(a.post("/api/v1/api-keys", new JsonObject().put("name", "x").put("agency_id", v.agency().id())).status())
            .isEqualTo(400));
    sameAsMissing("revokeApiKey", "DELETE", "/api/v1/api-keys/" + v.keyId(), "/api/v1/api-keys/987654321", null, "API key");

    probe("listTwilioAccounts", "agency A's accounts do not include B's", () ->
        assertThat(a.get("/api/v1/twilio-accounts").text()).doesNotContain(v.agency().accountSid()));
    probe("createTwilioAccount", "registering B's account without B's token answers what any wrong token answers", () ->
        assertThat(a.post("/api/v1/twilio-accounts", new JsonObject().put("account_sid", v.agency().accountSid())
            .put("auth_token", "attacker-token-000000")).code()).isEqualTo("twilio_credentials_rejected"));
    sameAsMissing("updateTwilioAccount", "PATCH", "/api/v1/twilio-accounts/" + v.agency().accountSid(),
        "/api/v1/twilio-accounts/AC" + "9".repeat(32), new JsonObject().put("auth_token", "attacker-token-000000"),
        "Twilio account");

    probe("listWorkspaces", "agency A's workspace list has none of B's, whatever the filter", () -> {
      assertThat(ids(a.get("/api/v1/workspaces?limit=200"))).doesNotContain(String.valueOf(v.workspace()));
      assertThat(a.get("/api/v1/workspaces?q=B%20Electric").data()).isEmpty();
    });
    probe("createWorkspace", "a workspace cannot be created in agency B", () ->
        assertThat(a.post("/api/v1/workspaces", name.copy().put("agency_id", v.agency().id())).status()).isEqualTo(400));
    sameAsMissing("getWorkspace", "GET", ws, wsMissing, null, "workspace");
    sameAsMissing("updateWorkspace", "PATCH", ws, wsMissing, name, "workspace");
    sameAsMissing("getWorkspaceRecovery", "GET", ws + "/recovery", wsMissing + "/recovery", null, "workspace");
    sameAsMissing("previewTextback", "POST", ws + "/recovery/preview", wsMissing + "/recovery/preview",
        new JsonObject(), "workspace");
    // business hours (issue #14)
    sameAsMissing("getWorkspaceHours", "GET", ws + "/hours", wsMissing + "/hours", null, "workspace");
    sameAsMissing("setWorkspaceHours", "PUT", ws + "/hours", wsMissing + "/hours",
        new JsonObject().put("weekly", new JsonObject()), "workspace");
    sameAsMissing("clearWorkspaceHours", "DELETE", ws + "/hours", wsMissing + "/hours", null, "workspace");
    sameAsMissing("getIntakePage", "GET", ws + "/intake-page", wsMissing + "/intake-page", null, "workspace");
    sameAsMissing("setIntakePage", "PUT", ws + "/intake-page", wsMissing + "/intake-page",
        new JsonObject().put("brand_color", "#000000"), "workspace");
    sameAsMissing("getVoiceRecovery", "GET", ws + "/recovery/voice", wsMissing + "/recovery/voice", null, "workspace");
    sameAsMissing("updateVoiceRecovery", "PATCH", ws + "/recovery/voice", wsMissing + "/recovery/voice",
        new JsonObject().put("voice_enabled", true), "workspace");
    sameAsMissing("getTextbackCopy", "GET", ws + "/textback-copy", wsMissing + "/textback-copy", null, "workspace");
    sameAsMissing("setTextbackCopy", "PUT", ws + "/textback-copy", wsMissing + "/textback-copy",
        new JsonObject().put("templates", new JsonObject().put("holiday", new JsonObject().put("first_time", "Taken"))),
        "workspace");
    sameAsMissing("previewTextbackCopy", "POST", ws + "/textback-copy/preview", wsMissing + "/textback-copy/preview",
        new JsonObject().put("template", "{business}"), "workspace");
    sameAsMissing("resumeSending", "POST", ws + "/sending/resume", wsMissing + "/sending/resume", null, "workspace");
    sameAsMissing("getWorkspaceUsage", "GET", ws + "/usage", wsMissing + "/usage", null, "workspace");
    sameAsMissing("getWorkspaceSetupCheck", "GET", ws + "/setup-check", wsMissing + "/setup-check", null, "workspace");
    sameAsMissing("listNotificationNumbers", "GET", ws + "/notification-numbers", wsMissing + "/notification-numbers",
        null, "workspace");
    sameAsMissing("createNotificationNumber", "POST", ws + "/notification-numbers", wsMissing + "/notification-numbers",
        new JsonObject().put("phone", "+15005550111").put("kind", "alert"), "workspace");
    sameAsMissing("deleteNotificationNumber", "DELETE", "/api/v1/notification-numbers/" + v.notificationNumber(),
        "/api/v1/notification-numbers/987654321", null, "notification number");

    sameAsMissing("listNotificationEmails", "GET", ws + "/notification-emails", wsMissing + "/notification-emails",
        null, "workspace");
    sameAsMissing("createNotificationEmail", "POST", ws + "/notification-emails", wsMissing + "/notification-emails",
        new JsonObject().put("address", "a@a.test").put("types", new JsonArray().add("urgent")), "workspace");
    sameAsMissing("deleteNotificationEmail", "DELETE", "/api/v1/notification-emails/" + v.notificationEmail(),
        "/api/v1/notification-emails/987654321", null, "notification email");
    sameAsMissing("sendTestNotification", "POST", ws + "/notifications/test", wsMissing + "/notifications/test", null,
        "workspace");
    // test-call mode (issue #15 item 3)
    sameAsMissing("listTestCallers", "GET", ws + "/test-callers", wsMissing + "/test-callers", null, "workspace");
    sameAsMissing("createTestCaller", "POST", ws + "/test-callers", wsMissing + "/test-callers",
        new JsonObject().put("number", "+15005550112"), "workspace");
    sameAsMissing("deleteTestCaller", "DELETE", "/api/v1/test-callers/" + v.testCaller(),
        "/api/v1/test-callers/987654321", null, "test caller");
    sameAsMissing("placeTestCall", "POST", ws + "/test-calls", wsMissing + "/test-calls", null, "workspace");
    probe("listTestCallers", "agency A's own workspace lists none of B's test callers", () -> {
      long wsA = a.get("/api/v1/workspaces").data().getJsonObject(0).getLong("id");
      assertThat(a.get("/api/v1/workspaces/" + wsA + "/test-callers").text()).doesNotContain("+15005550167");
    });
    sameAsMissing("listEmails", "GET", ws + "/emails", wsMissing + "/emails", null, "workspace");
    // the daily summary's last days (issue #15 item 2, shown in settings)
    sameAsMissing("listDailySummaries", "GET", ws + "/daily-summaries", wsMissing + "/daily-summaries", null,
        "workspace");

    probe("listNumbers", "agency A's numbers have none of B's, and filtering by B's workspace is 404", () -> {
      assertThat(ids(a.get("/api/v1/numbers?limit=200"))).doesNotContain(String.valueOf(v.number()));
      assertThat(a.get("/api/v1/numbers?workspace_id=" + v.workspace()).code()).isEqualTo("workspace_not_found");
    });
    probe("createNumber", "a number cannot be added to B's workspace nor on B's Twilio account", () -> {
      long wsA = a.get("/api/v1/workspaces").data().getJsonObject(0).getLong("id");
      String sidA = a.get("/api/v1/twilio-accounts").data().getJsonObject(0).getString("account_sid");
      JsonObject number = new JsonObject().put("phone_number", Tenants.phone()).put("routing_mode", "forwarding");
      assertThat(a.post("/api/v1/numbers", number.copy().put("workspace_id", v.workspace()).put("account_sid", sidA)).code())
          .isEqualTo("workspace_not_found");
      assertThat(a.post("/api/v1/numbers", number.copy().put("workspace_id", wsA)
          .put("account_sid", v.agency().accountSid())).code()).isEqualTo("twilio_account_not_found");
    });
    String num = "/api/v1/numbers/" + v.number();
    String numMissing = "/api/v1/numbers/987654321";
    sameAsMissing("getNumber", "GET", num, numMissing, null, "number");
    sameAsMissing("updateNumber", "PATCH", num, numMissing, new JsonObject().put("ring_timeout_seconds", 5), "number");
    sameAsMissing("deactivateNumber", "DELETE", num, numMissing, null, "number");
    sameAsMissing("getNumberSetupCheck", "GET", num + "/setup-check", numMissing + "/setup-check", null, "number");

    probe("listLeads", "no filter, search or reason shows agency A any of B's leads", () -> {
      assertThat(ids(a.get("/api/v1/leads?limit=200"))).doesNotContain(String.valueOf(v.lead()));
      assertThat(a.get("/api/v1/leads?q=" + URLEncoder.encode(v.caller(), StandardCharsets.UTF_8)).data()).isEmpty();
      assertThat(a.get("/api/v1/leads?q=B%20Electric").data()).isEmpty();
      assertThat(ids(a.get("/api/v1/leads?reason=texted"))).doesNotContain(String.valueOf(v.lead()));
      assertThat(a.get("/api/v1/leads?workspace_id=" + v.workspace()).code()).isEqualTo("workspace_not_found");
    });
    String lead = "/api/v1/leads/" + v.lead();
    String leadMissing = "/api/v1/leads/987654321";
    sameAsMissing("getLead", "GET", lead, leadMissing, null, "lead");
    sameAsMissing("listLeadVoiceCalls", "GET", lead + "/voice-calls", leadMissing + "/voice-calls", null, "lead");
    sameAsMissing("updateLead", "PATCH", lead, leadMissing, new JsonObject().put("stage", "lost"), "lead");
    sameAsMissing("sendLeadMessage", "POST", lead + "/messages", leadMissing + "/messages",
        new JsonObject().put("body", "hello from A"), "lead");

    sameAsMissing("setLeadOutcome", "POST", lead + "/outcome", leadMissing + "/outcome",
        new JsonObject().put("outcome", "booked").put("value", 1), "lead");
    sameAsMissing("getOutcomeWebhook", "GET", ws + "/outcome-webhook", wsMissing + "/outcome-webhook", null,
        "workspace");
    sameAsMissing("rotateOutcomeWebhookSecret", "POST", ws + "/outcome-webhook/rotate-secret",
        wsMissing + "/outcome-webhook/rotate-secret", null, "workspace");

    probe("listConversations", "agency A's conversations have none of B's", () -> {
      assertThat(ids(a.get("/api/v1/conversations?limit=200"))).doesNotContain(String.valueOf(v.conversation()));
      assertThat(a.get("/api/v1/conversations?workspace_id=" + v.workspace()).code()).isEqualTo("workspace_not_found");
    });
    String conv = "/api/v1/conversations/" + v.conversation();
    String convMissing = "/api/v1/conversations/987654321";
    sameAsMissing("getConversation", "GET", conv, convMissing, null, "conversation");
    sameAsMissing("updateConversation", "PATCH", conv, convMissing, new JsonObject().put("ai_enabled", false), "conversation");
    sameAsMissing("sendConversationMessage", "POST", conv + "/messages", convMissing + "/messages",
        new JsonObject().put("body", "hello from A"), "conversation");
    sameAsMissing("handBackConversation", "POST", conv + "/hand-back", convMissing + "/hand-back", null, "conversation");
    sameAsMissing("takeOverConversation", "POST", conv + "/take-over", convMissing + "/take-over", null, "conversation");
    sameAsMissing("closeConversation", "POST", conv + "/close", convMissing + "/close", null, "conversation");
    sameAsMissing("reopenConversation", "POST", conv + "/reopen", convMissing + "/reopen", null, "conversation");
    probe("listUnmatchedReplies", "agency A sees none of the texts B's numbers received", () -> {
      assertThat(a.get("/api/v1/unmatched-replies").text()).doesNotContain(v.stranger());
      assertThat(a.get("/api/v1/unmatched-replies?workspace_id=" + v.workspace()).code()).isEqualTo("workspace_not_found");
    });

    probe("getUsage", "agency A's usage lists none of B's workspaces", () ->
        assertThat(a.get("/api/v1/usage").text()).doesNotContain("B Electric"));
    probe("getOverview", "agency A's overview counts nothing of B's, and B's workspace is 404", () -> {
      JsonObject overview = a.get("/api/v1/overview").json();
      assertThat(overview.getInteger("texted_calls")).isEqualTo(1);
      assertThat(overview.encode()).doesNotContain(v.phone()).doesNotContain("B Electric");
      assertThat(a.get("/api/v1/overview?workspace_id=" + v.workspace()).code()).isEqualTo("workspace_not_found");
    });

    // support bundle and failed texts (issue #15 item 7)
    sameAsMissing("getWorkspaceSupportBundle", "GET", ws + "/support-bundle", wsMissing + "/support-bundle", null,
        "workspace");
    long callB = tenants.queryLong("SELECT id FROM calls WHERE lead_id = ? ORDER BY id LIMIT 1", v.lead());
    sameAsMissing("getCallSupportBundle", "GET", "/api/v1/calls/" + callB + "/support-bundle",
        "/api/v1/calls/987654321/support-bundle", null, "call");
    // privacy (issue #15 item 6)
    JsonObject eraseB = new JsonObject().put("phone", v.caller());
    sameAsMissing("eraseWorkspaceCaller", "POST", ws + "/privacy/erase", wsMissing + "/privacy/erase", eraseB,
        "workspace");
    sameAsMissing("getRetention", "GET", ws + "/privacy/retention", wsMissing + "/privacy/retention", null,
        "workspace");
    sameAsMissing("setRetention", "PUT", ws + "/privacy/retention", wsMissing + "/privacy/retention",
        new JsonObject().put("message_body_days", 1).put("transcript_days", 1), "workspace");
    sameAsMissing("exportOptOutLedgerCsv", "GET", ws + "/privacy/opt-out-ledger.csv",
        wsMissing + "/privacy/opt-out-ledger.csv", null, "workspace");
    probe("eraseAgencyCaller", "agency A erasing B's caller by number erases only in A's workspaces", () -> {
      JsonObject erased = a.post("/api/v1/privacy/erase", eraseB).json();
      assertThat(erased.getJsonArray("workspaces").stream().map(w -> ((JsonObject) w).getLong("workspace_id")))
          .doesNotContain(v.workspace());
      assertThat(erased.getJsonObject("erased").getLong("leads")).isZero();
      assertThat(tenants.queryLong("SELECT count(*) FROM leads WHERE id = ?", v.lead())).isEqualTo(1);
    });
    probe("listFailedTexts", "agency A's failed texts have none of B's, and filtering by B's workspace is 404", () -> {
      assertThat(a.get("/api/v1/failed-texts?limit=200").text()).doesNotContain(v.caller()).doesNotContain("B Electric");
      assertThat(a.get("/api/v1/failed-texts?workspace_id=" + v.workspace()).code()).isEqualTo("workspace_not_found");
    });

    probe("listWebhooks", "agency A's endpoints have none of B's", () ->
        assertThat(ids(a.get("/api/v1/webhooks?limit=200"))).doesNotContain(String.valueOf(v.webhook())));
    probe("createWebhook", "an endpoint cannot be created for agency B", () ->
        assertThat(a.post("/api/v1/webhooks", new JsonObject().put("url", "https://evil.example.com")
            .put("events", new JsonArray().add("lead.created")).put("agency_id", v.agency().id())).status()).isEqualTo(400));
    String hook = "/api/v1/webhooks/" + v.webhook();
    String hookMissing = "/api/v1/webhooks/987654321";
    sameAsMissing("getWebhook", "GET", hook, hookMissing, null, "webhook");
    sameAsMissing("updateWebhook", "PATCH", hook, hookMissing, new JsonObject().put("url", "https://evil.example.com"),
        "webhook");
    sameAsMissing("deleteWebhook", "DELETE", hook, hookMissing, null, "webhook");
    sameAsMissing("rotateWebhookSecret", "POST", hook + "/rotate-secret", hookMissing + "/rotate-secret", null, "webhook");
    sameAsMissing("testWebhook", "POST", hook + "/test", hookMissing + "/test", null, "webhook");
    sameAsMissing("listWebhookDeliveries", "GET", hook + "/deliveries", hookMissing + "/deliveries", null, "webhook");

    probe("listAuditLog", "agency A's audit log has none of B's entries, whatever the filter", () -> {
      assertThat(a.get("/api/v1/audit-log?limit=200").text()).doesNotContain("Wiring").doesNotContain("+15005550166");
      assertThat(a.get("/api/v1/audit-log?target_type=workspace&target_id=" + v.workspace()).data()).isEmpty();
    });

    sameAsMissing("exportLeadsCsv", "GET", ws + "/exports/leads.csv", wsMissing + "/exports/leads.csv", null,
        "workspace");
    sameAsMissing("exportCallsCsv", "GET", ws + "/exports/calls.csv", wsMissing + "/exports/calls.csv", null,
        "workspace");

    probe("simulateMissedCall", "agency A cannot ring B's number through the demo", () -> {
      Api.Answer foreign = a.post("/api/v1/demo/missed-calls", new JsonObject().put("number_id", v.number()));
      Api.Answer missing = a.post("/api/v1/demo/missed-calls", new JsonObject().put("number_id", 987654321L));
      assertThat(foreign.status()).isEqualTo(404);
      assertThat(foreign.text()).isEqualTo(missing.text());
    });
    probe("replyAsCaller", "agency A cannot text B's number as a caller through the demo", () -> {
      String path = "/api/v1/demo/phones/" + URLEncoder.encode(v.caller(), StandardCharsets.UTF_8) + "/replies";
      Api.Answer foreign = a.post(path, new JsonObject().put("number_id", v.number()).put("body", "hi"));
      Api.Answer missing = a.post(path, new JsonObject().put("number_id", 987654321L).put("body", "hi"));
      assertThat(foreign.status()).isEqualTo(404);
      assertThat(foreign.text()).isEqualTo(missing.text());
    });
    probe("getDemoPhone", "agency A's view of B's caller's phone shows none of B's texts", () -> {
      Api.Answer phone = a.get("/api/v1/demo/phones/" + URLEncoder.encode(v.caller(), StandardCharsets.UTF_8));
      assertThat(phone.status()).isEqualTo(200);
      assertThat(phone.json().getJsonArray("messages")).isEmpty();
      assertThat(a.get("/api/v1/demo/phones/" + URLEncoder.encode(v.stranger(), StandardCharsets.UTF_8)).json()
          .getJsonArray("messages")).isEmpty();
      assertThat(b.get("/api/v1/demo/phones/" + URLEncoder.encode(v.caller(), StandardCharsets.UTF_8)).json()
          .getJsonArray("messages")).hasSize(1);
    });
  }

  @Order(1)
  @Test
  void everyOperationOfTheContractIsProbed() {
    Set<String> operations = new TreeSet<>();
    JsonObject paths = admin.anonymous().get("/api/v1/openapi.json").json().getJsonObject("paths");
    paths.forEach(p -> ((JsonObject) p.getValue()).forEach(m -> {
      if (m.getValue() instanceof JsonObject op && op.containsKey("operationId")) {
        operations.add(op.getString("operationId"));
      }
    }));

    assertThat(probes.keySet()).containsExactlyInAnyOrderElementsOf(operations);
  }

  @Order(2)
  @TestFactory
  Stream<DynamicTest> agencyAGetsNothingOfAgencyB() {
    return probes.entrySet().stream().flatMap(e -> e.getValue().stream()
        .map(p -> DynamicTest.dynamicTest(e.getKey() + ": " + p.sentence(), p.check()::run)));
  }

  @Order(3)
  @Test
  void agencyBsDataIsUnchangedAfterEveryProbe() {
    assertThat(snapshot()).isEqualTo(snapshotBefore);
    assertThat(receiver.of("webhook.test")).isEmpty();
    assertThat(b.get("/api/v1/me").status()).isEqualTo(200);
  }
}
