package com.missedcall.gateway.support;

import static org.awaitility.Awaitility.await;

import com.missedcall.testing.TestDatabase;
import com.missedcall.twiliosim.SentMessage;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.WebhookResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Conversation helpers for tests: arranging a workspace's profile and notification numbers (data only),
 * driving the product through its webhooks (missed call, inbound texts), and reading what happened.
 */
public final class ConversationFixture {
  public static final Duration WAIT = Duration.ofSeconds(20);

  private final GatewayUnderTest gw;
  private final TestDatabase db;

  public ConversationFixture(GatewayUnderTest gw, TestDatabase db) {
    this.gw = gw;
    this.db = db;
  }

  /** Arranges workspace settings, e.g. {@code "ai_turn_limit = 1, services = 'Plumbing'"}. */
  public void profile(TestTenant.Created t, String assignments) {
    db.execute("UPDATE workspaces SET " + assignments + " WHERE id = " + t.workspaceId());
  }

  /** Adds a notification number of a kind ('alert', 'team', 'on_call'). */
  public void notifies(TestTenant.Created t, String kind, String phone) {
    db.execute("INSERT INTO notification_numbers (workspace_id, phone, kind) VALUES (" + t.workspaceId() + ", '"
        + phone + "', '" + kind + "')");
  }

  /** A forwarded missed call from {@code caller}, and its text-back received. */
  public void missedCall(TestTenant.Created t, String caller) {
    int before = textsTo(caller).size();
    WebhookResponse r = gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await();
    if (r.statusCode() != 204) {
      throw new AssertionError("missed call answered " + r.statusCode() + ": " + r.body());
    }
    await().atMost(WAIT).until(() -> textsTo(caller).size() == before + 1);
    awaitSettled(t);
  }

  /** The caller texts the workspace's number (a new MessageSid). */
  public WebhookResponse text(TestTenant.Created t, String caller, String body) {
    return deliver(t, TwilioPayloads.inboundSms(t.accountSid(), TwilioPayloads.newMessageSid(), caller, t.number(), body));
  }

  /** Delivers these inbound-SMS webhook parameters, signed. */
  public WebhookResponse deliver(TestTenant.Created t, Map<String, String> params) {
    return gw.post("/twilio/sms/inbound", params, t.authToken()).await();
  }

  /** The caller texts and the product's next text to them arrives; returns its body. */
  public String textAndAwaitReply(TestTenant.Created t, String caller, String body) {
    int before = textsTo(caller).size();
    WebhookResponse r = text(t, caller, body);
    if (r.statusCode() != 200) {
      throw new AssertionError("inbound text answered " + r.statusCode() + ": " + r.body());
    }
    await().atMost(WAIT).until(() -> textsTo(caller).size() > before);
    return textsTo(caller).get(before).body();
  }

  public List<SentMessage> textsTo(String phone) {
    return gw.simulator().messagesTo(phone);
  }

  public List<String> bodiesTo(String phone) {
    return textsTo(phone).stream().map(SentMessage::body).toList();
  }

  /** The caller's latest conversation in the workspace. */
  public long conversation(TestTenant.Created t, String caller) {
    return db.queryLong("SELECT id FROM conversations WHERE workspace_id = ? AND caller = ? ORDER BY id DESC LIMIT 1",
        t.workspaceId(), caller);
  }

  public long events(long conversationId, String kind, String reason) {
    return db.queryLong("SELECT count(*) FROM conversation_events WHERE conversation_id = ? AND kind = ? "
        + "AND reason IS NOT DISTINCT FROM ?", conversationId, kind, reason);
  }

  public void awaitEvent(long conversationId, String kind, String reason) {
    await().atMost(WAIT).until(() -> events(conversationId, kind, reason) > 0);
  }

  /**
   * Waits until the workspace has no due work left (everything queued was sent, skipped or failed, and no
   * conversation timer is due).
   */
  public void awaitSettled(TestTenant.Created t) {
    await().atMost(WAIT).until(() -> db.queryLong("SELECT (SELECT count(*) FROM jobs WHERE workspace_id = ? "
        + "AND status IN ('pending', 'running') AND due_at <= now()) + (SELECT count(*) FROM messages "
        + "WHERE workspace_id = ? AND send_status IN ('pending', 'running') AND due_at <= now()) + (SELECT count(*) "
        + "FROM conversations WHERE workspace_id = ? AND least(followup_due_at, close_due_at) <= now())",
        t.workspaceId(), t.workspaceId(), t.workspaceId()) == 0);
  }

  /**
   * Makes timed work due now, as if its time had come: a step of the conversation's timer ('followup', 'oncall':
   * the follow-up ladder's, 'auto_close') or a job of another kind. Completes with how many were waiting.
   */
  public int makeDue(long conversationId, String kind) {
    if (isTimer(kind)) {
      long n = db.queryLong("SELECT count(*) FROM conversations WHERE id = ? AND " + timerWaits(kind), conversationId);
      db.execute("UPDATE conversations SET " + ("auto_close".equals(kind) ? "close_due_at" : "followup_due_at")
          + " = now() WHERE id = " + conversationId + " AND " + timerWaits(kind));
      return (int) n;
    }
    long n = db.queryLong("SELECT count(*) FROM jobs WHERE conversation_id = ? AND kind = ? AND status = 'pending'",
        conversationId, kind);
    db.execute("UPDATE jobs SET due_at = now() WHERE conversation_id = " + conversationId + " AND kind = '" + kind
        + "' AND status = 'pending'");
    return (int) n;
  }

  public String jobStatus(long conversationId, String kind) {
    return db.queryString("SELECT status FROM jobs WHERE conversation_id = ? AND kind = ? ORDER BY id DESC LIMIT 1",
        conversationId, kind);
  }

  /** Whether the conversation's timer waits for {@code step} ('followup', 'oncall', 'auto_close'). */
  public boolean timerWaits(long conversationId, String step) {
    return db.queryLong("SELECT count(*) FROM conversations WHERE id = ? AND " + timerWaits(step), conversationId) == 1;
  }

  /** When {@code step} of the conversation's timer is due, in epoch seconds (rounded); null when it does not wait. */
  public Long timerDueEpoch(long conversationId, String step) {
    String due = db.queryString("SELECT round(extract(epoch FROM " + ("auto_close".equals(step) ? "close_due_at"
        : "followup_due_at") + "))::bigint::text FROM conversations WHERE id = ? AND " + timerWaits(step),
        conversationId);
    return due == null ? null : Long.valueOf(due);
  }

  private static boolean isTimer(String kind) {
    return "followup".equals(kind) || "oncall".equals(kind) || "auto_close".equals(kind);
  }

  private static String timerWaits(String step) {
    if (!isTimer(step)) {
      throw new IllegalArgumentException("not a step of the conversation timer: " + step);
    }
    return "auto_close".equals(step) ? "close_due_at IS NOT NULL" : "followup_step = '" + step + "'";
  }

  public String lead(TestTenant.Created t, String caller, String column) {
    return db.queryString("SELECT " + column + " FROM leads WHERE workspace_id = ? AND caller = ?", t.workspaceId(),
        caller);
  }
}
