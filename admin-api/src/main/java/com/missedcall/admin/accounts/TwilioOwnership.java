package com.missedcall.admin.accounts;

import com.missedcall.admin.http.ApiProblem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;

/**
 * Asks Twilio, with the caller's own credentials, whether the caller controls an account and whether a
 * number is on it. Registration is decided on that proof, so another agency's account or number answers
 * exactly what any account or number the caller cannot prove answers, and nothing reveals who holds what.
 */
public final class TwilioOwnership {
  private static final String API = "/2010-04-01/Accounts/";

  private final WebClient client;
  private final String apiBase;
  private final long timeoutMs;

  public TwilioOwnership(WebClient client, String apiBase, Duration timeout) {
    this.client = client;
    this.apiBase = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
    this.timeoutMs = timeout.toMillis();
  }

  /** The same answer for a wrong token, an unknown SID and another agency's SID with a wrong token. */
  public static ApiProblem credentialsRejected() {
    return new ApiProblem(422, "twilio_credentials_rejected",
        "Twilio did not accept this account SID and auth token; check both in the Twilio console");
  }

  /** The same answer for a number nobody holds and another agency's number: neither is on the caller's account. */
  public static ApiProblem numberNotOnAccount() {
    return new ApiProblem(422, "number_not_on_account",
        "Twilio does not list this phone number on the given Twilio account; buy or port it there first");
  }

  /** Succeeds when Twilio accepts {@code token} for {@code sid}; fails with {@link #credentialsRejected()} when not. */
  public Future<Void> requireAccount(String sid, String token) {
    return get(sid, token, API + sid + ".json").send()
        .recover(TwilioOwnership::unreachable)
        .compose(resp -> switch (resp.statusCode()) {
          case 200 -> Future.<Void>succeededFuture();
          case 401, 403, 404 -> Future.<Void>failedFuture(credentialsRejected());
          default -> Future.<Void>failedFuture(unavailable());
        });
  }

  /** Succeeds when Twilio lists {@code phone} on the account; fails with {@link #numberNotOnAccount()} when not. */
  public Future<Void> requireNumber(String sid, String token, String phone) {
    return get(sid, token, API + sid + "/IncomingPhoneNumbers.json").addQueryParam("PhoneNumber", phone).send()
        .recover(TwilioOwnership::unreachable)
        .compose(resp -> {
          if (resp.statusCode() == 401 || resp.statusCode() == 403) {
            // the stored token no longer works: the caller must rotate it, which says nothing about the number
            return Future.failedFuture(credentialsRejected());
          }
          if (resp.statusCode() != 200) {
            return Future.failedFuture(unavailable());
          }
          JsonArray listed = resp.bodyAsJsonObject().getJsonArray("incoming_phone_numbers", new JsonArray());
          for (Object item : listed) {
            if (item instanceof io.vertx.core.json.JsonObject n && phone.equals(n.getString("phone_number"))) {
              return Future.succeededFuture();
            }
          }
          return Future.failedFuture(numberNotOnAccount());
        });
  }

  private HttpRequest<Buffer> get(String sid, String token, String path) {
    return client.getAbs(apiBase + path).basicAuthentication(sid, token).timeout(timeoutMs);
  }

  private static <T> Future<T> unreachable(Throwable err) {
    return Future.failedFuture(unavailable());
  }

  private static ApiProblem unavailable() {
    return new ApiProblem(503, "twilio_unavailable", "Twilio could not be reached to verify this; try again shortly");
  }
}
