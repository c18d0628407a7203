package com.missedcall.recovery.reconcile;

import com.missedcall.recovery.calls.ListedCall;
import com.missedcall.recovery.twilio.TwilioAccount;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads what Twilio knows of an account's recent traffic over the non-blocking client: the Calls to a
 * number, the legs a call spawned, one call by SID, and the inbound Messages to a number. Basic auth with
 * the account's credentials. Lists are newest first; pages are followed through {@code next_page_uri} until
 * a page reaches back past {@code since}, or at most {@code maxPages} pages.
 */
final class TwilioHistoryClient {
  private static final String API = "/2010-04-01/Accounts/";
  private static final int PAGE_SIZE = 100;

  private final WebClient client;
  private final String apiBase;
  private final long timeoutMs;
  private final int maxPages;

  TwilioHistoryClient(WebClient client, String apiBase, Duration timeout, int maxPages) {
    this.client = client;
    this.apiBase = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
    this.timeoutMs = timeout.toMillis();
    this.maxPages = maxPages;
  }

  /** Calls to {@code to} that started at or after {@code since}. */
  Future<List<ListedCall>> callsTo(TwilioAccount account, String to, Instant since) {
    HttpRequest<Buffer> first = get(account, apiBase + API + account.accountSid() + "/Calls.json")
        .addQueryParam("To", to)
        .addQueryParam("StartTime>", day(since))
        .addQueryParam("PageSize", Integer.toString(PAGE_SIZE));
    return pages(account, first, "calls", TwilioHistoryClient::call, ListedCall::startTime, since,
        new ArrayList<>(), 1);
  }

  /** The legs {@code parentSid} spawned (our {@code <Dial>} to the business phone). */
  Future<List<ListedCall>> legsOf(TwilioAccount account, String parentSid) {
    HttpRequest<Buffer> first = get(account, apiBase + API + account.accountSid() + "/Calls.json")
        .addQueryParam("ParentCallSid", parentSid)
        .addQueryParam("PageSize", Integer.toString(PAGE_SIZE));
    return pages(account, first, "calls", TwilioHistoryClient::call, c -> null, null, new ArrayList<>(), 1);
  }

  /** One call, or empty when Twilio does not know it (404). */
  Future<Optional<ListedCall>> call(TwilioAccount account, String sid) {
    return get(account, apiBase + API + account.accountSid() + "/Calls/" + sid + ".json").send()
        .compose(resp -> resp.statusCode() == 404 ? Future.succeededFuture(Optional.<ListedCall>empty())
            : ok(resp).map(json -> Optional.of(call(json))));
  }

  /** Inbound texts to {@code to} sent at or after {@code since}. */
  Future<List<ListedMessage>> inboundTo(TwilioAccount account, String to, Instant since) {
    HttpRequest<Buffer> first = get(account, apiBase + API + account.accountSid() + "/Messages.json")
        .addQueryParam("To", to)
        .addQueryParam("DateSent>", day(since))
        .addQueryParam("PageSize", Integer.toString(PAGE_SIZE));
    return pages(account, first, "messages", TwilioHistoryClient::message, ListedMessage::sentAt, since,
        new ArrayList<>(), 1);
  }

  private <T> Future<List<T>> pages(TwilioAccount account, HttpRequest<Buffer> request, String field,
                                    Function<JsonObject, T> parse, Function<T, Instant> time, Instant since,
                                    List<T> into, int page) {
    return request.send().compose(TwilioHistoryClient::ok).compose(json -> {
      JsonArray items = json.getJsonArray(field, new JsonArray());
      boolean reachedBack = false;
      for (int i = 0; i < items.size(); i++) {
        T item = parse.apply(items.getJsonObject(i));
        Instant at = time.apply(item);
        if (since != null && at != null && at.isBefore(since)) {
          reachedBack = true; // newest first: everything after this one is older still
          break;
        }
        into.add(item);
      }
      String next = json.getString("next_page_uri");
      if (reachedBack || next == null || next.isBlank() || page >= maxPages) {
        return Future.succeededFuture(into);
      }
      return pages(account, get(account, apiBase + next), field, parse, time, since, into, page + 1);
    });
  }

  private HttpRequest<Buffer> get(TwilioAccount account, String url) {
    return client.getAbs(url).basicAuthentication(account.accountSid(), account.authToken()).timeout(timeoutMs);
  }

  private static Future<JsonObject> ok(HttpResponse<Buffer> resp) {
    if (resp.statusCode() != 200) {
      return Future.failedFuture(new IllegalStateException("Twilio answered " + resp.statusCode()));
    }
    try {
      return Future.succeededFuture(resp.bodyAsJsonObject());
    } catch (RuntimeException notJson) {
      return Future.failedFuture(new IllegalStateException("Twilio answered 200 without JSON"));
    }
  }

  /** Twilio's date filters take a UTC day; the exact instant is applied here. */
  private static String day(Instant since) {
    return LocalDate.ofInstant(since, ZoneOffset.UTC).toString();
  }

  static ListedCall call(JsonObject j) {
    int duration;
    try {
      duration = Integer.parseInt(j.getString("duration", "0"));
    } catch (RuntimeException e) {
      duration = 0;
    }
    return new ListedCall(j.getString("sid"), j.getString("account_sid"), j.getString("parent_call_sid"),
        j.getString("from"), j.getString("to"), j.getString("direction"), j.getString("status"),
        date(firstNonNull(j.getString("start_time"), j.getString("date_created"))), date(j.getString("end_time")),
        duration);
  }

  static ListedMessage message(JsonObject j) {
    int segments;
    try {
      segments = Integer.parseInt(j.getString("num_segments", "1"));
    } catch (RuntimeException e) {
      segments = 1;
    }
    return new ListedMessage(j.getString("sid"), j.getString("account_sid"), j.getString("from"), j.getString("to"),
        j.getString("body", ""), j.getString("direction"), Math.max(1, segments),
        date(firstNonNull(j.getString("date_sent"), j.getString("date_created"))));
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  private static Instant date(String rfc2822) {
    if (rfc2822 == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(rfc2822, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
