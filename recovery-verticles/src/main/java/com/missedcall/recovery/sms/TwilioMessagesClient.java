package com.missedcall.recovery.sms;

import com.missedcall.recovery.twilio.TwilioAccount;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Twilio's Messages API over a non-blocking client: form-encoded requests, Basic auth with the
 * account's credentials, JSON answers. One instance serves every account (credentials per request).
 */
public final class TwilioMessagesClient {
  private static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";
  private final WebClient client;
  private final String apiBase;
  private final long timeoutMs;

  public TwilioMessagesClient(WebClient client, String apiBase, Duration timeout) {
    this.client = client;
    this.apiBase = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
    this.timeoutMs = timeout.toMillis();
  }

  /** The longest a request waits for Twilio's answer. */
  public Duration timeout() {
    return Duration.ofMillis(timeoutMs);
  }

  public Future<SendResult> send(TwilioAccount account, String from, String to, String body, String statusCallback) {
    return client.postAbs(messagesUrl(account))
        .basicAuthentication(account.accountSid(), account.authToken())
        .putHeader("content-type", FORM_CONTENT_TYPE)
        .timeout(timeoutMs)
        .sendBuffer(formBody(from, to, body, statusCallback))
        .map(TwilioMessagesClient::toResult)
        .otherwise(err -> err instanceof ConnectException
            ? new SendResult.NotSent(String.valueOf(err.getMessage()))
            : new SendResult.Unknown(String.valueOf(err)));
  }

  /**
   * The send's form body, written directly: the bytes WebClient's sendForm(MultiMap) wrote (its
   * Netty encoder URL-encodes each value as UTF-8 with {@link URLEncoder} and joins the pairs with
   * {@code &} in insertion order), without the encoder's per-request attribute objects.
   */
  static Buffer formBody(String from, String to, String body, String statusCallback) {
    StringBuilder form = new StringBuilder(64 + body.length() * 3 / 2);
    form.append("To=").append(URLEncoder.encode(to, StandardCharsets.UTF_8))
        .append("&From=").append(URLEncoder.encode(from, StandardCharsets.UTF_8))
        .append("&Body=").append(URLEncoder.encode(body, StandardCharsets.UTF_8));
    if (statusCallback != null) {
      form.append("&StatusCallback=").append(URLEncoder.encode(statusCallback, StandardCharsets.UTF_8));
    }
    return Buffer.buffer(form.toString());
  }

  /**
   * Finds a message Twilio already accepted from {@code from} to {@code to} with this body, created at
   * or after {@code notBefore}: the check before retrying a send whose outcome is unknown.
   */
  public Future<Optional<String>> findSent(TwilioAccount account, String from, String to, String body,
                                           Instant notBefore) {
    String day = LocalDate.ofInstant(notBefore, ZoneOffset.UTC).toString();
    return client.getAbs(messagesUrl(account))
        .basicAuthentication(account.accountSid(), account.authToken())
        .addQueryParam("To", to)
        .addQueryParam("From", from)
        .addQueryParam("DateSent>", day)
        .addQueryParam("PageSize", "100")
        .timeout(timeoutMs)
        .send()
        .compose(resp -> resp.statusCode() == 200
            ? Future.succeededFuture(match(resp.bodyAsJsonObject(), body, notBefore))
            : Future.failedFuture(new IllegalStateException("message list answered " + resp.statusCode())));
  }

  private static Optional<String> match(JsonObject page, String body, Instant notBefore) {
    JsonArray messages = page.getJsonArray("messages", new JsonArray());
    for (int i = 0; i < messages.size(); i++) {
      JsonObject m = messages.getJsonObject(i);
      // Twilio's dates have second precision
      Instant created = parseDate(m.getString("date_created"));
      if (body.equals(m.getString("body")) && (created == null || !created.isBefore(notBefore.minusSeconds(2)))) {
        return Optional.of(m.getString("sid"));
      }
    }
    return Optional.empty();
  }

  private static Instant parseDate(String rfc2822) {
    if (rfc2822 == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(rfc2822, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private String messagesUrl(TwilioAccount account) {
    return apiBase + "/2010-04-01/Accounts/" + account.accountSid() + "/Messages.json";
  }

  private static SendResult toResult(HttpResponse<Buffer> resp) {
    int status = resp.statusCode();
    if (status == 200 || status == 201) {
      JsonObject json = resp.bodyAsJsonObject();
      // a create answer never stores an inbound or a delivery-only status ("received", "read", ...)
      return new SendResult.Accepted(json.getString("sid"), OutboundStatus.fromCreate(json.getString("status")));
    }
    JsonObject error = errorJson(resp);
    int code = error.getInteger("code", 0);
    String message = error.getString("message", "HTTP " + status);
    if (status == 429 || status >= 500) {
      return new SendResult.Throttled(status, code, message);
    }
    return new SendResult.Rejected(status, code, message);
  }

  private static JsonObject errorJson(HttpResponse<Buffer> resp) {
    try {
      JsonObject json = resp.bodyAsJsonObject();
      return json == null ? new JsonObject() : json;
    } catch (RuntimeException notJson) {
      return new JsonObject();
    }
  }
}
