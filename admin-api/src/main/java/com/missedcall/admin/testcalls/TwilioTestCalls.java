package com.missedcall.admin.testcalls;

import com.missedcall.admin.http.ApiProblem;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;

/**
 * Places a test call through Twilio's REST API with the account's own credentials: the test caller's phone must be
 * a verified caller ID of the account ({@code OutgoingCallerIds.json}), then {@code Calls.json} calls the tracked
 * number from it. The tracked number's own configuration sends the call to the gateway as that caller's call; the
 * calling leg only waits in silence, so nobody answers and the call is a miss, as a real one.
 */
public final class TwilioTestCalls {
  private static final String API = "/2010-04-01/Accounts/";
  /** The calling leg's TwiML: silence until the gateway's side hangs up. */
  static final String WAIT_TWIML = "<Response><Pause length=\"60\"/></Response>";
  private static final int NOT_VERIFIED = 21210;

  private final WebClient client;
  private final String apiBase;
  private final long timeoutMs;

  public TwilioTestCalls(WebClient client, String apiBase, Duration timeout) {
    this.client = client;
    this.apiBase = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
    this.timeoutMs = timeout.toMillis();
  }

  /** Completes with Twilio's call resource ({@code sid}, {@code status}); fails with the API's 409 or 503. */
  public Future<JsonObject> place(String accountSid, String token, String from, String to) {
    return requireCallerId(accountSid, token, from, to)
        .compose(v -> client.postAbs(apiBase + API + accountSid + "/Calls.json").basicAuthentication(accountSid, token)
            .timeout(timeoutMs)
            .sendForm(MultiMap.caseInsensitiveMultiMap().add("From", from).add("To", to).add("Twiml", WAIT_TWIML))
            .recover(TwilioTestCalls::unreachable))
        .compose(resp -> {
          if (resp.statusCode() == 201 || resp.statusCode() == 200) {
            return Future.succeededFuture(resp.bodyAsJsonObject());
          }
          if (resp.statusCode() >= 500) {
            return Future.failedFuture(unavailable());
          }
          JsonObject error = json(resp);
          int code = error.getInteger("code", 0);
          return Future.failedFuture(code == NOT_VERIFIED ? notVerified(from, to, accountSid)
              : notPlaced(to, "Twilio refused the call (error " + code + ": " + error.getString("message", "") + ")"));
        });
  }

  private Future<Void> requireCallerId(String accountSid, String token, String from, String to) {
    return client.getAbs(apiBase + API + accountSid + "/OutgoingCallerIds.json").basicAuthentication(accountSid, token)
        .addQueryParam("PhoneNumber", from).timeout(timeoutMs).send()
        .recover(TwilioTestCalls::unreachable)
        .compose(resp -> {
          if (resp.statusCode() == 401 || resp.statusCode() == 403) {
            return Future.failedFuture(notPlaced(to, "Twilio did not accept the account's stored credentials"));
          }
          if (resp.statusCode() != 200) {
            return Future.failedFuture(unavailable());
          }
          for (Object item : json(resp).getJsonArray("outgoing_caller_ids", new JsonArray())) {
            if (item instanceof JsonObject id && from.equals(id.getString("phone_number"))) {
              return Future.succeededFuture();
            }
          }
          return Future.failedFuture(notVerified(from, to, accountSid));
        });
  }

  private static JsonObject json(HttpResponse<Buffer> resp) {
    try {
      JsonObject body = resp.bodyAsJsonObject();
      return body == null ? new JsonObject() : body;
    } catch (RuntimeException notJson) {
      return new JsonObject();
    }
  }

  static ApiProblem notVerified(String from, String to, String accountSid) {
    return ApiProblem.conflict("test_caller_not_verified", "Twilio may only call from " + from + " once it is a "
        + "verified caller ID of account " + accountSid + " (Twilio console: Phone Numbers > Verified Caller IDs). "
        + "Until then, call " + to + " from " + from + " yourself and let it ring out");
  }

  static ApiProblem notPlaced(String to, String why) {
    return ApiProblem.conflict("test_call_not_placed", why + ". Call " + to + " from your test phone yourself and let "
        + "it ring out");
  }

  private static <T> Future<T> unreachable(Throwable err) {
    return Future.failedFuture(unavailable());
  }

  private static ApiProblem unavailable() {
    return new ApiProblem(503, "twilio_unavailable", "Twilio could not be reached to place the test call; try again "
        + "shortly");
  }
}
