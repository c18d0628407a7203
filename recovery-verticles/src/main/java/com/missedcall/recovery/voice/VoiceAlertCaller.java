package com.missedcall.recovery.voice;

import com.missedcall.recovery.calls.CallerNumber;
import com.missedcall.recovery.jobs.ClaimedJob;
import com.missedcall.recovery.jobs.JobQueue;
import com.missedcall.recovery.jobs.JobWorker;
import com.missedcall.recovery.metrics.RecoveryMetrics;
import com.missedcall.recovery.sms.Backoff;
import com.missedcall.recovery.twilio.TwilioAccount;
import com.missedcall.recovery.twilio.TwilioAccounts;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places the outbound alert calls of emergencies captured by voice ({@link VoiceAlertCallStore#KIND} jobs) through
 * Twilio's Calls API ({@code POST .../Calls.json} with {@code Url} pointing at the signed route whose TwiML reads
 * the summary). Twilio's call create is not idempotent, so every request is recorded ('calling') before it goes
 * out, by the job's current holder only: a request that certainly created nothing (an error answer) is retried
 * with back-off; one whose outcome is unknown (a timeout, a dropped connection, a crash) is looked up in Twilio's
 * call list (to and from the numbers, created since the request, not another alert's) before it is made again. A
 * refusal (4xx) or the last attempt fails it for good. One call per voice call and alert number.
 */
public final class VoiceAlertCaller extends JobWorker {
  private static final Logger LOG = LoggerFactory.getLogger(VoiceAlertCaller.class);
  /** How far before the recorded request a call Twilio lists may have been created (clocks differ). */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  private final VoiceAlertCallStore store;
  private final WebClient client;
  private final String apiBase;
  private final String publicBase;
  private final TwilioAccounts accounts;
  private final long timeoutMs;
  private final int maxAttempts;
  private final Counter placed;
  private final Counter retried;
  private final Counter failed;
  private final Counter found;

  public VoiceAlertCaller(JobQueue queue, WebClient client, String apiBase, String publicBase,
                          TwilioAccounts accounts, Duration timeout, Duration lease, Duration sweepInterval,
                          int maxAttempts, Backoff backoff, RecoveryMetrics metrics) {
    super(queue, "voice_alert_call", List.of(VoiceAlertCallStore.KIND), lease, sweepInterval, maxAttempts, backoff,
        metrics, com.missedcall.recovery.bus.Addresses.VOICE_ALERT_CALL_READY);
    this.store = new VoiceAlertCallStore(queue.pool());
    this.client = client;
    this.apiBase = trim(apiBase);
    this.publicBase = trim(publicBase);
    this.accounts = accounts;
    this.timeoutMs = timeout.toMillis();
    this.maxAttempts = maxAttempts;
    this.placed = metrics.registry().counter("recovery_voice_alert_calls_total", "outcome", "placed");
    this.retried = metrics.registry().counter("recovery_voice_alert_calls_total", "outcome", "retry");
    this.failed = metrics.registry().counter("recovery_voice_alert_calls_total", "outcome", "failed");
    this.found = metrics.registry().counter("recovery_voice_alert_calls_total", "outcome", "found_after_unknown");
  }

  @Override
  protected Future<Void> handle(ClaimedJob job) {
    long id = VoiceAlertCallStore.alertCallId(job.payload());
    return store.load(id).compose(found -> {
      if (found.isEmpty() || "placed".equals(found.get().status()) || "failed".equals(found.get().status())) {
        return store.finish(job);
      }
      VoiceAlertCallStore.AlertCall call = found.get();
      return accounts.find(call.accountSid()).compose(account -> {
        if (account.isEmpty()) {
          return store.failed(job, id, "the Twilio account " + call.accountSid() + " is not known");
        }
        Future<Optional<String>> earlier = "calling".equals(call.status())
            ? lookUp(account.get(), call) : Future.succeededFuture(Optional.empty());
        return earlier.compose(sid -> sid.isPresent()
            ? store.placed(job, id, sid.get()).onSuccess(v -> {
                this.found.increment();
                LOG.atInfo().addKeyValue("alertCallId", id).addKeyValue("callSid", sid.get())
                    .log("voice alert call found at Twilio after an unknown outcome; not placed again");
              })
            : place(job, account.get(), call));
      });
    });
  }

  private Future<Void> place(ClaimedJob job, TwilioAccount account, VoiceAlertCallStore.AlertCall call) {
    long id = call.id();
    return store.calling(job, id).compose(requested -> client
        .postAbs(apiBase + "/2010-04-01/Accounts/" + account.accountSid() + "/Calls.json")
        .basicAuthentication(account.accountSid(), account.authToken())
        .timeout(timeoutMs)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("To", call.to()).add("From", call.from())
            .add("Url", publicBase + "/twilio/voice/alert-call?a=" + id).add("Method", "POST")
            .add("StatusCallback", publicBase + "/twilio/voice/alert-call/status?a=" + id)
            .add("StatusCallbackMethod", "POST"))
        .compose(response -> answered(job, call, response),
            err -> {
              // the request may have reached Twilio: the row stays 'calling', looked up before any new request
              String why = "outcome unknown: " + CallerNumber.maskWithin(String.valueOf(err));
              return last(job) ? giveUp(job, id, why) : store.unknown(id, why).compose(v -> retry(id, why));
            }));
  }

  private Future<Void> answered(ClaimedJob job, VoiceAlertCallStore.AlertCall call, HttpResponse<Buffer> response) {
    long id = call.id();
    int status = response.statusCode();
    if (status == 201 || status == 200) {
      String sid = sidOf(response);
      return store.placed(job, id, sid).onSuccess(v -> {
        placed.increment();
        LOG.atInfo().addKeyValue("alertCallId", id).addKeyValue("to", CallerNumber.mask(call.to()))
            .addKeyValue("callSid", sid).log("voice alert call placed");
      });
    }
    String why = "Twilio answered " + status + ": " + CallerNumber.maskWithin(String.valueOf(response.bodyAsString()));
    boolean permanent = status >= 400 && status < 500 && status != 429;
    if (permanent || last(job)) {
      return giveUp(job, id, why);
    }
    return store.notPlaced(id, why).compose(v -> retry(id, why));
  }

  private boolean last(ClaimedJob job) {
    return job.attempts() >= maxAttempts;
  }

  private Future<Void> retry(long id, String why) {
    retried.increment();
    LOG.atWarn().addKeyValue("alertCallId", id).addKeyValue("error", why).log("voice alert call will be retried");
    return Future.failedFuture(new IllegalStateException(why));
  }

  private Future<Void> giveUp(ClaimedJob job, long id, String why) {
    failed.increment();
    LOG.atWarn().addKeyValue("alertCallId", id).addKeyValue("error", why).log("voice alert call failed");
    return store.failed(job, id, why);
  }

  /**
   * A call to and from the alert's numbers that Twilio created since shortly before the last recorded request and
   * that no other alert holds: the unknown request's own.
   */
  private Future<Optional<String>> lookUp(TwilioAccount account, VoiceAlertCallStore.AlertCall call) {
    Instant since = call.requestedAt() == null ? Instant.EPOCH : call.requestedAt().minus(CLOCK_SKEW);
    return store.knownSids(call).compose(known -> client
        .getAbs(apiBase + "/2010-04-01/Accounts/" + account.accountSid() + "/Calls.json")
        .addQueryParam("To", call.to()).addQueryParam("From", call.from()).addQueryParam("PageSize", "50")
        .basicAuthentication(account.accountSid(), account.authToken())
        .timeout(timeoutMs)
        .send()
        .compose(response -> response.statusCode() == 200
            ? Future.succeededFuture(ours(response.bodyAsJsonObject(), since, known))
            : Future.failedFuture(new IllegalStateException("Twilio's call list answered " + response.statusCode()))));
  }

  static Optional<String> ours(JsonObject page, Instant since, Set<String> known) {
    JsonArray calls = page == null ? null : page.getJsonArray("calls");
    if (calls == null) {
      return Optional.empty();
    }
    return calls.stream().map(JsonObject.class::cast)
        .filter(c -> "outbound-api".equals(c.getString("direction")))
        .filter(c -> !known.contains(c.getString("sid")))
        .filter(c -> {
          Instant created = created(c.getString("date_created"));
          return created != null && !created.isBefore(since);
        })
        .map(c -> c.getString("sid"))
        .reduce((newer, older) -> older); // the list is newest first: the earliest one after the request
  }

  private static Instant created(String rfc2822) {
    try {
      return rfc2822 == null ? null : ZonedDateTime.parse(rfc2822, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private static String sidOf(HttpResponse<Buffer> response) {
    try {
      JsonObject body = response.bodyAsJsonObject();
      return body == null ? null : body.getString("sid");
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String trim(String base) {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }
}
