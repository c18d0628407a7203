package com.missedcall.admin.numbers;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import com.missedcall.admin.leads.ReasonText;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Says, per tracked number, what of the phone setup is verified and what is missing. Verification is
 * evidence the gateway has seen, not a setting: a webhook reached us for the number, (forwarding) a
 * forwarded missed call arrived, a text-back from it was accepted by Twilio; plus what the workspace
 * must allow (active, billing, plan).
 */
public final class SetupCheck {
  static final String EVIDENCE = """
      SELECT n.id, n.workspace_id, n.phone_number, n.routing_mode, n.business_phone, n.ring_timeout_seconds,
             n.account_sid, w.name AS workspace_name, w.timezone, w.status, w.billing_status, p.name AS plan_name, p.textback,
             w.sending_paused_at, w.sending_paused_code, w.voice_enabled, p.voice_recovery,
             (SELECT string_agg(t.number, ' or ' ORDER BY t.id) FROM test_callers t
               WHERE t.workspace_id = n.workspace_id) AS test_callers,
             test.received_at AS test_call_at, test.reason AS test_call_reason, test.sent_at AS test_text_sent_at,
             (SELECT max(c.received_at) FROM calls c
               WHERE c.called = n.phone_number AND c.workspace_id = n.workspace_id
                 AND c.decision <> 'pending') AS last_decided_call_at,
             (SELECT max(c.received_at) FROM calls c
               WHERE c.workspace_id = n.workspace_id AND c.called = n.phone_number) AS last_call_at,
             (SELECT max(c.received_at) FROM calls c
               WHERE c.workspace_id = n.workspace_id AND c.called = n.phone_number
                 AND c.routing_mode = 'forwarding' AND c.decision <> 'pending') AS last_forwarded_miss_at,
             (SELECT m.sent_at FROM messages m
               WHERE m.workspace_id = n.workspace_id AND m.from_number = n.phone_number
                 AND m.direction = 'outbound' AND m.message_sid IS NOT NULL
               ORDER BY m.id DESC LIMIT 1) AS last_sms_at,
             last_out.status AS last_sms_status, last_out.error_code AS last_sms_error
        FROM tracked_numbers n
        JOIN workspaces w ON w.id = n.workspace_id
        JOIN plans p ON p.code = w.plan_code
        LEFT JOIN LATERAL (
          SELECT m.status, m.error_code FROM messages m
           WHERE m.workspace_id = n.workspace_id AND m.from_number = n.phone_number AND m.direction = 'outbound'
           ORDER BY m.id DESC LIMIT 1) last_out ON true
        LEFT JOIN LATERAL (
          SELECT c.received_at, c.reason,
                 (SELECT m.sent_at FROM messages m WHERE m.lead_id = c.lead_id AND m.call_id = c.id
                     AND m.kind = 'textback' ORDER BY m.id DESC LIMIT 1) AS sent_at
            FROM calls c
           WHERE c.workspace_id = n.workspace_id AND c.called = n.phone_number AND c.is_test
             AND c.decision <> 'pending'
           ORDER BY c.received_at DESC LIMIT 1) test ON true
       WHERE w.agency_id = $1 AND n.active
         AND ($2::bigint IS NULL OR n.workspace_id = $2) AND ($3::bigint IS NULL OR n.id = $3)
       ORDER BY n.id
       LIMIT 500""";

  /** Twilio error codes that mean the carrier or Twilio refuses texts from this number, with what to do. */
  private static final Map<Integer, String> SENDER_ERRORS = Map.of(
      30034, "Carriers block texts from this number until its A2P 10DLC campaign is registered",
      30007, "Carriers filtered texts from this number as spam; review the text-back wording and registration",
      21606, "This Twilio number cannot send SMS; enable messaging on it or use another number",
      21659, "This number is not a valid sender for the destination; check its messaging capabilities",
      30032, "The toll-free number is not verified for messaging");

  /** "Dec 4, 12:51 PM CST": the sentences say times on the workspace's clock, the one its texts use. */
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("MMM d, h:mm a z", Locale.US);

  private final String publicBaseUrl;

  public SetupCheck(String publicBaseUrl) {
    this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
        : publicBaseUrl;
  }

  public Future<JsonArray> forWorkspace(SqlClient db, long agencyId, Long workspaceId) {
    return run(db, agencyId, workspaceId, null);
  }

  public Future<JsonArray> forNumber(SqlClient db, long agencyId, long numberId) {
    return run(db, agencyId, null, numberId);
  }

  private Future<JsonArray> run(SqlClient db, long agencyId, Long workspaceId, Long numberId) {
    return db.preparedQuery(EVIDENCE).execute(Tuple.of(agencyId, workspaceId, numberId)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(check(r)));
      return out;
    });
  }

  /**
   * Whether voice recovery can run on the number, and why not. Verified means evidence, as for the rest of the
   * setup: a call to this number was decided before, so its Voice URL and status callback reach the gateway.
   */
  private JsonObject voice(Row r) {
    boolean plan = Boolean.TRUE.equals(r.getBoolean("voice_recovery"));
    Object decided = r.getValue("last_decided_call_at");
    return item("voice", plan && decided != null, "Voice recovery can run on this number",
        !plan ? "The " + r.getString("plan_name") + " plan does not include voice recovery: calls fall back "
              + "(voice_not_in_plan)"
            : decided == null ? "Voice recovery waits until a call to this number has reached the gateway end to end "
              + "(calls fall back with voice_not_verified): place a test call and let it ring out"
            : "Verified: last call decided " + local(r, "last_decided_call_at"));
  }

  static String local(Row r, String column) {
    OffsetDateTime at = r.getOffsetDateTime(column);
    ZoneId zone;
    try {
      zone = ZoneId.of(r.getString("timezone"));
    } catch (RuntimeException invalid) {
      zone = ZoneOffset.UTC;
    }
    return at == null ? "" : LOCAL.format(at.atZoneSameInstant(zone));
  }

  JsonObject check(Row r) {
    String phone = r.getString("phone_number");
    boolean direct = "direct".equals(r.getString("routing_mode"));
    JsonArray checks = new JsonArray();
    boolean blocked = false;

    boolean active = "active".equals(r.getString("status"));
    boolean billing = "active".equals(r.getString("billing_status")) || "trialing".equals(r.getString("billing_status"));
    boolean plan = r.getBoolean("textback");
    checks.add(item("workspace", active && billing && plan,
        "Workspace can text back",
        !active ? "The workspace is inactive: activate it in its settings"
            : !billing ? "Billing is " + r.getString("billing_status").replace('_', ' ') + ": update the payment method"
            : !plan ? "The " + r.getString("plan_name") + " plan does not include text-back: upgrade the plan"
            : "Active, billing " + r.getString("billing_status") + ", " + r.getString("plan_name") + " plan"));
    blocked |= !(active && billing && plan);

    Object lastCall = r.getValue("last_call_at");
    checks.add(item("webhooks", lastCall != null, "Twilio sends this number's calls to the gateway",
        lastCall != null ? "Last call received " + local(r, "last_call_at")
            : "In the Twilio console set the number's Voice URL to " + publicBaseUrl + "/twilio/voice/incoming"
              + " and its Status Callback to " + publicBaseUrl + "/twilio/voice/status#rc=3&rp=ct,rt,5xx"
              + ", then place a test call"));

    if (direct) {
      checks.add(item("routing", r.getString("business_phone") != null, "Calls ring the business first",
          "Callers dial " + phone + "; the gateway rings " + r.getString("business_phone") + " for "
              + r.getInteger("ring_timeout_seconds") + " s and texts back if nobody answers"));
    } else {
      Object forwarded = r.getValue("last_forwarded_miss_at");
      checks.add(item("routing", forwarded != null, "The business line forwards unanswered calls here",
          forwarded != null ? "Last forwarded missed call " + local(r, "last_forwarded_miss_at")
              : "Set conditional call forwarding (no answer and busy) on the business line to " + phone
                + ", then call the business line and let it ring out"));
    }

    Integer error = r.getInteger("last_sms_error");
    String status = r.getString("last_sms_status");
    boolean lastFailed = "failed".equals(status) || "undelivered".equals(status);
    Object lastSms = r.getValue("last_sms_at");
    String senderProblem = error == null ? null : SENDER_ERRORS.get(error);
    checks.add(item("sms", lastSms != null && senderProblem == null, "Texts from this number are accepted",
        senderProblem != null ? senderProblem + " (Twilio error " + error + ")"
            : lastSms != null ? "Last text-back accepted by Twilio " + local(r, "last_sms_at")
              + (lastFailed ? "; the latest one failed (error " + error + ")" : "")
            : "No text-back has been sent from this number yet"));
    blocked |= senderProblem != null;

    Object pausedAt = r.getValue("sending_paused_at");
    if (pausedAt != null) {
      Integer code = r.getInteger("sending_paused_code");
      String why = SENDER_ERRORS.getOrDefault(code, "Carriers refused texts from this workspace");
      checks.add(item("sending", false, "Texts to callers are being sent",
          "Texting callers is paused since " + local(r, "sending_paused_at") + ": " + why + " (Twilio error " + code + ")."
              + " Fix it, then resume: POST /api/v1/workspaces/" + r.getLong("workspace_id") + "/sending/resume"));
      blocked = true;
    }

    if (Boolean.TRUE.equals(r.getBoolean("voice_enabled"))) {
      checks.add(voice(r));
    }

    if (r.getString("test_callers") != null) {
      checks.add(testCall(r, phone));
    }

    JsonArray missing = new JsonArray();
    checks.forEach(c -> {
      JsonObject item = (JsonObject) c;
      if (!item.getBoolean("ok")) {
        missing.add(item.getString("detail"));
      }
    });
    String state = missing.isEmpty() ? "verified" : blocked ? "action_needed" : "incomplete";
    return new JsonObject()
        .put("number_id", r.getLong("id"))
        .put("workspace_id", r.getLong("workspace_id"))
        .put("workspace_name", r.getString("workspace_name"))
        .put("phone_number", phone)
        .put("routing_mode", r.getString("routing_mode"))
        .put("state", state)
        .put("checks", checks)
        .put("missing", missing);
  }

  /**
   * The verification step once the workspace has test callers: the latest test call to this number and how fast its
   * text-back went out, in the workspace's zone (what the owner's phone showed).
   */
  static JsonObject testCall(Row r, String phone) {
    String label = "A test call got its text-back";
    OffsetDateTime at = r.getOffsetDateTime("test_call_at");
    if (at == null) {
      return item("test_call", false, label, "No test call yet — call your tracked number " + phone + " from "
          + r.getString("test_callers") + " and let it ring out");
    }
    ZoneId zone = ZoneId.of(r.getString("timezone"));
    String received = "Test call received at " + TEST_CALL_TIME.format(at.atZoneSameInstant(zone));
    OffsetDateTime sent = r.getOffsetDateTime("test_text_sent_at");
    if (sent != null) {
      return item("test_call", true, label, received + " — text-back sent in "
          + seconds(Duration.between(at, sent)));
    }
    String reason = r.getString("test_call_reason");
    return item("test_call", false, label, "texted".equals(reason)
        ? received + " — text-back not sent yet"
        : received + " — not texted back: " + ReasonText.label(reason));
  }

  static final DateTimeFormatter TEST_CALL_TIME = DateTimeFormatter.ofPattern("h:mm a z 'on' EEE MMM d", Locale.US);

  /** Whole seconds from 10 s on, tenths below (a text-back is usually quicker than a second or two). */
  static String seconds(Duration d) {
    double s = Math.max(0, d.toMillis()) / 1000.0;
    return s >= 10 ? Math.round(s) + " s" : String.format(Locale.ROOT, "%.1f s", s);
  }

  private static JsonObject item(String key, boolean ok, String label, String detail) {
    return new JsonObject().put("key", key).put("ok", ok).put("label", label).put("detail", detail);
  }
}
