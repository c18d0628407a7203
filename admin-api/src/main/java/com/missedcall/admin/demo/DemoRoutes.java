package com.missedcall.admin.demo;

import com.missedcall.admin.accounts.TwilioAccountStore;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.numbers.TrackedNumberStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import com.missedcall.admin.http.Json;
import com.missedcall.recovery.sms.SmsSegments;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The embedded demo: simulate a missed call by asking the Twilio simulator to fire the signed voice
 * webhooks Twilio would send (so the real webhook path runs), let the caller text back the same way
 * (the inbound SMS webhook), and show the caller's phone: the texts the simulator received for that
 * caller and the ones the caller sent. Answers 404 {@code demo_unavailable} without a simulator.
 */
public final class DemoRoutes {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The caller's own texts to this agency's numbers, as the gateway received them. */
  static final String SENT_BY_CALLER = """
      SELECT m.to_number, m.body, m.message_sid, m.created_at
        FROM messages m JOIN workspaces w ON w.id = m.workspace_id
       WHERE w.agency_id = $1 AND m.direction = 'inbound' AND m.from_number = $2
       ORDER BY m.id DESC LIMIT 100""";

  private final Pool pool;
  private final WebClient http;
  private final String simulatorUrl;
  private final String publicBaseUrl;
  private final TrackedNumberStore numbers;
  private final TwilioAccountStore accounts;

  /** @param simulatorUrl the simulator's base URL, or null when there is none (no demo) */
  public DemoRoutes(Pool pool, WebClient http, String simulatorUrl, String publicBaseUrl, TrackedNumberStore numbers,
                    TwilioAccountStore accounts) {
    this.pool = pool;
    this.http = http;
    this.simulatorUrl = simulatorUrl == null ? null : trim(simulatorUrl);
    this.publicBaseUrl = trim(publicBaseUrl);
    this.numbers = numbers;
    this.accounts = accounts;
  }

  public void bind(Operations ops) {
    ops.json("simulateMissedCall", this::simulate);
    ops.json("getDemoPhone", this::phone);
    ops.json("replyAsCaller", this::reply);
  }

  private Future<JsonObject> simulate(RoutingContext ctx) {
    if (simulatorUrl == null) {
      return unavailable();
    }
    Caller caller = Caller.of(ctx);
    JsonObject body = Params.of(ctx).body();
    String from = body.getString("caller", randomCaller());
    String callSid = "CA" + HexFormat.of().formatHex(bytes(16));
    return numbers.find(pool, caller.agencyId(), body.getLong("number_id"))
        .compose(found -> found.filter(n -> n.getBoolean("active")).map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(ApiProblem.notFound("number"))))
        .compose(number -> accounts.token(pool, caller.agencyId(), number.getString("account_sid"))
            .compose(token -> body.containsKey("voice")
                ? voiceCall(number, token.orElseThrow(), from, body.getJsonArray("voice"))
                : fire(number, token.orElseThrow(), callSid, from)
                    .map(status -> new JsonObject().put("call_sid", callSid).put("caller", from)
                        .put("webhook_status", status))));
  }

  /**
   * A whole call played by the simulator as the caller (the incoming webhook, the business not answering, the
   * voice assistant's questions answered with {@code words} then silence, the final status callback, all signed):
   * what voice recovery said and heard comes back as the transcript.
   */
  private Future<JsonObject> voiceCall(JsonObject number, String token, String from, JsonArray words) {
    JsonArray turns = new JsonArray();
    words.forEach(w -> turns.add(new JsonObject().put("speech", String.valueOf(w)).put("confidence", 0.9)));
    JsonObject request = new JsonObject().put("accountSid", number.getString("account_sid")).put("authToken", token)
        .put("from", from).put("to", number.getString("phone_number"))
        .put("url", publicBaseUrl + "/twilio/voice/incoming").put("statusCallback", publicBaseUrl + "/twilio/voice/status")
        .put("script", new JsonObject().put("dial", "no-answer").put("turns", turns)).put("wait", true);
    return http.postAbs(simulatorUrl + "/_sim/calls").timeout(60_000).sendJsonObject(request).compose(resp -> {
      if (resp.statusCode() != 200) {
        return Future.failedFuture(new ApiProblem(502, "simulator_failed",
            "The Twilio simulator could not play the call: " + resp.bodyAsString()));
      }
      JsonObject record = resp.bodyAsJsonObject();
      JsonArray transcript = new JsonArray();
      record.getJsonArray("transcript", new JsonArray()).forEach(o -> {
        JsonObject line = (JsonObject) o;
        transcript.add(new JsonObject().put("speaker", line.getString("speaker"))
            .put("text", line.getBoolean("silence", false) ? "(silence)" : line.getString("text")));
      });
      return Future.succeededFuture(new JsonObject().put("call_sid", record.getString("callSid")).put("caller", from)
          .put("webhook_status", 200).put("ended_by", record.getString("endedBy")).put("transcript", transcript));
    });
  }

  /** The caller texts back: Twilio's "a message comes in" webhook for the number, signed with its account's token. */
  private Future<JsonObject> reply(RoutingContext ctx) {
    if (simulatorUrl == null) {
      return unavailable();
    }
    Caller caller = Caller.of(ctx);
    Params p = Params.of(ctx);
    String from = p.pathString("phone");
    JsonObject body = p.body();
    String messageSid = "SM" + HexFormat.of().formatHex(bytes(16));
    return numbers.find(pool, caller.agencyId(), body.getLong("number_id"))
        .compose(found -> found.filter(n -> n.getBoolean("active")).map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(ApiProblem.notFound("number"))))
        .compose(number -> accounts.token(pool, caller.agencyId(), number.getString("account_sid"))
            .compose(token -> webhook("/twilio/sms/inbound", token.orElseThrow(), new JsonObject()
                .put("AccountSid", number.getString("account_sid")).put("ApiVersion", "2010-04-01")
                .put("MessageSid", messageSid).put("SmsMessageSid", messageSid).put("SmsSid", messageSid)
                .put("SmsStatus", "received").put("From", from).put("To", number.getString("phone_number"))
                .put("Body", body.getString("body")).put("NumMedia", "0")
                .put("NumSegments", String.valueOf(SmsSegments.count(body.getString("body")))))))
        .map(status -> new JsonObject().put("message_sid", messageSid).put("webhook_status", status));
  }

  /** What Twilio sends for a missed call: the final status of a forwarded call, or a direct call's Dial action. */
  private Future<Integer> fire(JsonObject number, String token, String callSid, String from) {
    JsonObject base = new JsonObject().put("AccountSid", number.getString("account_sid")).put("ApiVersion", "2010-04-01")
        .put("CallSid", callSid).put("From", from).put("To", number.getString("phone_number"))
        .put("Caller", from).put("Called", number.getString("phone_number")).put("Direction", "inbound");
    if ("direct".equals(number.getString("routing_mode"))) {
      // the caller hangs up after the dial action (whatever it answered) and the call's final status follows, as
      // on a real call: with voice recovery on, that is what decides the fallback text-back
      return webhook("/twilio/voice/incoming", token, base.copy().put("CallStatus", "ringing"))
          .compose(first -> webhook("/twilio/voice/dial-action", token, base.copy().put("CallStatus", "in-progress")
              .put("DialCallStatus", "no-answer").put("DialCallDuration", "0")))
          .compose(dialed -> webhook("/twilio/voice/status", token, base.copy().put("CallStatus", "completed")
              .put("CallDuration", "25").put("CallbackSource", "call-progress-events").put("SequenceNumber", "3"))
              .map(dialed));
    }
    return webhook("/twilio/voice/status", token, base.copy().put("CallStatus", "completed").put("CallDuration", "0")
        .put("CallbackSource", "call-progress-events").put("SequenceNumber", "3"));
  }

  private Future<Integer> webhook(String path, String token, JsonObject params) {
    JsonObject request = new JsonObject().put("url", publicBaseUrl + path).put("authToken", token).put("params", params);
    return http.postAbs(simulatorUrl + "/_sim/webhooks").timeout(10_000).sendJsonObject(request)
        .compose(resp -> {
          if (resp.statusCode() != 200) {
            return Future.failedFuture(new ApiProblem(502, "simulator_failed",
                "The Twilio simulator could not reach the gateway: " + resp.bodyAsString()));
          }
          int status = resp.bodyAsJsonObject().getInteger("status");
          return status >= 500
              ? Future.failedFuture(new ApiProblem(502, "webhook_failed", "The gateway answered the webhook " + status))
              : Future.succeededFuture(status);
        });
  }

  /**
   * The caller's phone, oldest first: every text the simulator delivered to it from this agency's numbers
   * (the simulator is shared by every tenant), and the texts the caller sent to them.
   */
  private Future<JsonObject> phone(RoutingContext ctx) {
    if (simulatorUrl == null) {
      return unavailable();
    }
    String phone = Params.of(ctx).pathString("phone");
    Caller caller = Caller.of(ctx);
    List<JsonObject> thread = new ArrayList<>();
    return agencyNumbers(caller).compose(own -> http.getAbs(simulatorUrl + "/_sim/messages")
            .addQueryParam("to", phone).timeout(10_000).send()
            .map(resp -> {
              for (Object o : resp.bodyAsJsonArray()) {
                JsonObject m = (JsonObject) o;
                if (own.contains(m.getString("from"))) {
                  thread.add(new JsonObject().put("direction", "received").put("from", m.getString("from"))
                      .put("body", m.getString("body")).put("at", m.getString("acceptedAt")).put("sid", m.getString("sid")));
                }
              }
              return null;
            }))
        .compose(v -> pool.preparedQuery(SENT_BY_CALLER).execute(Tuple.of(caller.agencyId(), phone)))
        .map(rows -> {
          rows.forEach(r -> thread.add(new JsonObject().put("direction", "sent").put("to", r.getString("to_number"))
              .put("body", r.getString("body")).put("at", Json.timestamp(r.getOffsetDateTime("created_at")))
              .put("sid", r.getString("message_sid"))));
          thread.sort(Comparator.comparing(m -> Instant.parse(m.getString("at"))));
          return new JsonObject().put("phone", phone).put("messages", new JsonArray(new ArrayList<Object>(thread)));
        });
  }

  private Future<java.util.Set<String>> agencyNumbers(Caller caller) {
    return numbers.list(pool, caller.agencyId(), null, null, null, 1000).map(rows -> {
      java.util.Set<String> own = new java.util.HashSet<>();
      rows.forEach(r -> own.add(r.getString("phone_number")));
      return own;
    });
  }

  private static <T> Future<T> unavailable() {
    return Future.failedFuture(new ApiProblem(404, "demo_unavailable",
        "The demo needs the embedded Twilio simulator (the default when no Twilio API is configured)"));
  }

  private static String randomCaller() {
    return "+1555" + (2_000_000 + ThreadLocalRandom.current().nextInt(7_999_999));
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String trim(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
