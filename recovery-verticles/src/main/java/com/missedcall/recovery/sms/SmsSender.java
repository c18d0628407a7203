package com.missedcall.recovery.sms;

import com.missedcall.recovery.RecoverySettings;
import com.missedcall.recovery.bus.Addresses;
import com.missedcall.recovery.calls.CallerNumber;
import com.missedcall.recovery.metrics.RecoveryMetrics;
import com.missedcall.recovery.quiet.QuietHours;
import com.missedcall.recovery.twilio.TwilioAccount;
import com.missedcall.recovery.twilio.TwilioAccounts;
import com.missedcall.recovery.work.InFlight;
import com.missedcall.recovery.work.LeaseSettings;
import com.missedcall.recovery.work.LeasedWorker;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker that sends every outbound text: text-backs, AI and intake replies, alerts, follow-ups,
 * summaries, HELP answers, manual sends. Its {@link com.missedcall.recovery.work.LeaseEngine} claims the jobs
 * (woken by {@link Addresses#SMS_JOB_READY}, handed text-backs already claimed on {@link Addresses#SMS_CLAIMED},
 * sweeping for the rest), so any number of senders in any number of processes share the outbox; a send whose
 * outcome is unknown is looked up at Twilio before it is retried, so a recipient gets one text. An opted-out
 * recipient gets nothing; a text that must respect quiet hours waits for 08:00 where the recipient is.
 */
public final class SmsSender extends LeasedWorker<ClaimedSms> {
  private static final Logger LOG = LoggerFactory.getLogger(SmsSender.class);
  static final String STATUS_OVERRIDES = "#rc=3&rp=ct,rt,5xx";
  private static final String NONE = "none";
  private static final int SWEEP_BATCH = 50;
  private static final Duration DRAIN = Duration.ofSeconds(10);
  private static final Duration SEND_MARGIN = Duration.ofMillis(250);
  private static final int MAX_IN_FLIGHT = 200;
  private static final Set<Integer> SENDER_PROBLEM = Set.of(21606, 21659);
  private static final List<String> GIVE_UP_REASONS = List.of("send_failed", "lookup_failed", "attempts_exhausted");

  private final SmsOutbox outbox;
  private final CarrierOutcomes carrier;
  private final TwilioMessagesClient twilio;
  private final TwilioAccounts accounts;
  private final RecoveryMetrics metrics;
  private final RecoverySettings settings;
  private final Backoff backoff;
  private final QuietHours quietHours;
  private long backlogTimer = -1;

  public SmsSender(SmsOutbox outbox, CarrierOutcomes carrier, TwilioMessagesClient twilio, TwilioAccounts accounts,
                   RecoveryMetrics metrics, RecoverySettings settings, Backoff backoff, QuietHours quietHours,
                   InFlight inFlight) {
    super(outbox.pool(), outbox.claims(), new LeaseSettings("sms", "sms_sender", outbox.lease(),
        settings.sweepInterval(), SWEEP_BATCH, MAX_IN_FLIGHT, DRAIN, Addresses.SMS_JOB_READY, Addresses.SMS_CLAIMED,
        null), metrics.registry(), inFlight);
    this.carrier = carrier;
    this.outbox = outbox;
    this.twilio = twilio;
    this.accounts = accounts;
    this.metrics = metrics;
    this.settings = settings;
    this.backoff = backoff;
    this.quietHours = quietHours;
    GIVE_UP_REASONS.forEach(metrics::smsGivenUp);
  }

  @Override
  public Future<?> start() {
    backlogTimer = vertx.setPeriodic(5_000, id -> outbox.backlog()
        .onSuccess(b -> metrics.outbox(b[0], b[1])));
    return super.start();
  }

  /** Stops taking work, then gives in-flight sends a moment to finish; unfinished leases simply expire. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(backlogTimer);
    return super.stop();
  }

  @Override
  protected Future<Void> handle(ClaimedSms job) {
    if (job.to() == null) {
      return outbox.fail(job, null, "job has no message");
    }
    if (job.messageSid() != null) {
      return outbox.complete(job, job.messageSid(), "queued");
    }
    if (job.attempts() > settings.maxSendAttempts()) {
      return giveUp(job, "attempts_exhausted", "claimed " + job.attempts() + " times without a settled outcome");
    }
    if (job.optedOut()) {
      metrics.smsSendAttempt("opted_out", NONE);
      return carrier.failJob(job, 21610, "recipient opted out before the " + job.kind() + " was sent");
    }
    if (job.sendingPaused()) {
      metrics.smsSendAttempt("paused", NONE);
      log(job, "text cancelled: the workspace's sending is paused", null, 0);
      return carrier.cancelPaused(job);
    }
    if (job.respectsQuietHours()) {
      Optional<Instant> until = quietHours.holdUntil(job.to(), job.workspaceZone());
      if (until.isPresent()) {
        metrics.smsSendAttempt("held", NONE);
        log(job, "text held for quiet hours", null, 0);
        return outbox.hold(job, until.get());
      }
    }
    return accounts.find(job.accountSid()).compose(account -> account
        .map(a -> job.mayHaveBeenSent() ? lookThenSend(a, job) : send(a, job))
        .orElseGet(() -> {
          metrics.smsSendAttempt("no_credentials", NONE);
          return outbox.fail(job, null, "no credentials for account " + job.accountSid());
        }));
  }

  private Future<Void> lookThenSend(TwilioAccount account, ClaimedSms job) {
    return twilio.findSent(account, job.from(), job.to(), job.body(), job.createdAt())
        .compose(found -> {
          if (found.isPresent()) {
            LOG.atInfo().addKeyValue("messageId", job.messageId()).addKeyValue("messageSid", found.get())
                .log("text found at Twilio after an unknown outcome; not sending again");
            metrics.smsSendAttempt("accepted", NONE);
            return outbox.complete(job, found.get(), "queued");
          }
          return send(account, job);
        }, err -> {
          String why = "could not check Twilio before resending: " + err.getMessage();
          return job.attempts() >= settings.maxSendAttempts()
              ? giveUp(job, "lookup_failed", why)
              : outbox.retry(job, backoff.delay(job.attempts()), true, why);
        });
  }

  private Future<Void> send(TwilioAccount account, ClaimedSms job) {
    if (!job.sendableWithin(twilio.timeout().plus(SEND_MARGIN))) {
      // a send that may outlive the lease can be repeated by the next claimer, whose look-up cannot see it yet
      LOG.atInfo().addKeyValue("messageId", job.messageId()).addKeyValue("attempt", job.attempts())
          .log("text given back unsent: its lease would run out mid-send");
      return outbox.release(job);
    }
    String callback = settings.baseUrl() + "/twilio/messages/status?message=" + job.messageId() + STATUS_OVERRIDES;
    return twilio.send(account, job.from(), job.to(), job.body(), callback)
        .compose(result -> settle(job, result));
  }

  private Future<Void> settle(ClaimedSms job, SendResult result) {
    if (result instanceof SendResult.Accepted accepted) {
      metrics.smsSendAttempt("accepted", NONE);
      if (job.isTextBack() && job.webhookReceivedAt() != null) {
        metrics.textbackAccepted(Duration.between(job.webhookReceivedAt(), Instant.now()));
      }
      log(job, "text accepted", accepted.messageSid(), 0);
      return outbox.complete(job, accepted.messageSid(), accepted.status());
    }
    if (result instanceof SendResult.Rejected rejected) {
      metrics.smsSendAttempt("rejected", String.valueOf(rejected.code()));
      log(job, "text rejected", null, rejected.code());
      if (CarrierVerdict.of(rejected.code()) != CarrierVerdict.NONE) {
        return carrier.failJob(job, rejected.code(), rejected.message());
      }
      if (SENDER_PROBLEM.contains(rejected.code())) {
        LOG.atError().addKeyValue("workspace", job.workspaceId()).addKeyValue("code", rejected.code())
            .log("workspace cannot send SMS: check its number and registration");
      }
      return outbox.fail(job, rejected.code(), rejected.message());
    }
    boolean maybeSent = result instanceof SendResult.Unknown;
    String why = String.valueOf(result);
    if (result instanceof SendResult.Throttled throttled) {
      metrics.smsSendAttempt("throttled", String.valueOf(throttled.code()));
    } else {
      metrics.smsSendAttempt(maybeSent ? "unknown" : "not_sent", NONE);
    }
    if (job.attempts() >= settings.maxSendAttempts()) {
      return giveUp(job, "send_failed", why);
    }
    return outbox.retry(job, backoff.delay(job.attempts()), maybeSent, why);
  }

  /**
   * The last allowed attempt did not get the text accepted: the job and its message are failed for good, with
   * the reason, so nothing retries it again (an earlier attempt may still have reached Twilio: the log line says whether).
   */
  private Future<Void> giveUp(ClaimedSms job, String reason, String why) {
    metrics.smsGivenUp(reason).increment();
    LOG.atWarn().addKeyValue("messageId", job.messageId()).addKeyValue("workspace", job.workspaceId())
        .addKeyValue("kind", job.kind()).addKeyValue("to", CallerNumber.mask(job.to()))
        .addKeyValue("attempt", job.attempts()).addKeyValue("maxAttempts", settings.maxSendAttempts())
        .addKeyValue("reason", reason).addKeyValue("mayHaveBeenSent", job.mayHaveBeenSent())
        .addKeyValue("error", CallerNumber.maskWithin(why))
        .log("text given up");
    return outbox.fail(job, null, "gave up after " + job.attempts() + " attempts (" + reason + "): " + why);
  }

  private static void log(ClaimedSms job, String what, String messageSid, int code) {
    LOG.atInfo().addKeyValue("messageId", job.messageId()).addKeyValue("workspace", job.workspaceId())
        .addKeyValue("kind", job.kind()).addKeyValue("to", CallerNumber.mask(job.to()))
        .addKeyValue("attempt", job.attempts()).addKeyValue("messageSid", messageSid).addKeyValue("code", code)
        .log(what);
  }
}
