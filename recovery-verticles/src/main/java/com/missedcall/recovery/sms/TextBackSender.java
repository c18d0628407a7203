package com.missedcall.recovery.sms;

import com.missedcall.recovery.RecoverySettings;
import com.missedcall.recovery.bus.Addresses;
import com.missedcall.recovery.calls.CallerNumber;
import com.missedcall.recovery.metrics.RecoveryMetrics;
import com.missedcall.recovery.twilio.TwilioAccount;
import com.missedcall.recovery.twilio.TwilioAccounts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker that sends text-backs. A committed decision wakes it through the event bus; a sweeper
 * timer picks up whatever the wake-up missed (another process took the webhook, a lost hint, a
 * crashed worker's expired lease). Each job is claimed before it is sent, so any number of workers in
 * any number of processes share the outbox; a send whose outcome is unknown is looked up at Twilio
 * before it is retried, so a caller gets one text.
 */
public final class TextBackSender extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TextBackSender.class);
  static final String STATUS_OVERRIDES = "#rc=3&rp=ct,rt,5xx";
  private static final Set<Integer> OPTED_OUT = Set.of(21610);
  private static final Set<Integer> NOT_SMS_CAPABLE = Set.of(21614, 30006, 21408, 21612);
  private static final Set<Integer> SENDER_PROBLEM = Set.of(30007, 30034, 21606, 21659);

  private final TextBackOutbox outbox;
  private final TwilioMessagesClient twilio;
  private final TwilioAccounts accounts;
  private final RecoveryMetrics metrics;
  private final RecoverySettings settings;
  private final Backoff backoff;
  private final AtomicInteger inFlight = new AtomicInteger();
  private MessageConsumer<Long> wakeUps;
  private long sweepTimer = -1;
  private long backlogTimer = -1;
  private volatile boolean stopping;

  public TextBackSender(TextBackOutbox outbox, TwilioMessagesClient twilio, TwilioAccounts accounts,
                        RecoveryMetrics metrics, RecoverySettings settings, Backoff backoff) {
    this.outbox = outbox;
    this.twilio = twilio;
    this.accounts = accounts;
    this.metrics = metrics;
    this.settings = settings;
    this.backoff = backoff;
  }

  @Override
  public Future<?> start() {
    wakeUps = vertx.eventBus().consumer(Addresses.TEXTBACK_JOB_READY, msg -> sendClaimed(outbox.claim(msg.body())));
    sweepTimer = vertx.setPeriodic(settings.sweepInterval().toMillis(), id -> sweep());
    backlogTimer = vertx.setPeriodic(5_000, id -> outbox.backlog()
        .onSuccess(b -> metrics.outbox(b[0], b[1])));
    return wakeUps.completion();
  }

  /** Stops taking work, then gives in-flight sends a moment to finish; unfinished leases simply expire. */
  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(sweepTimer);
    vertx.cancelTimer(backlogTimer);
    Promise<Void> drained = Promise.promise();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    vertx.setPeriodic(50, id -> {
      if (inFlight.get() == 0 || System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        drained.tryComplete();
      }
    });
    return wakeUps.unregister().compose(v -> drained.future());
  }

  private void sweep() {
    if (stopping || inFlight.get() > 200) {
      return;
    }
    sendClaimed(outbox.claimDue(50));
  }

  private void sendClaimed(Future<List<ClaimedTextBack>> claims) {
    claims.onSuccess(jobs -> jobs.forEach(this::process))
        .onFailure(err -> LOG.atWarn().addKeyValue("error", String.valueOf(err)).log("could not claim text-back jobs"));
  }

  private void process(ClaimedTextBack job) {
    inFlight.incrementAndGet();
    handle(job)
        .onFailure(err -> LOG.atWarn().addKeyValue("jobId", job.jobId()).addKeyValue("error", String.valueOf(err))
            .log("text-back job left for the sweeper"))
        .onComplete(ar -> inFlight.decrementAndGet());
  }

  private Future<Void> handle(ClaimedTextBack job) {
    if (job.to() == null) {
      return outbox.fail(job.jobId(), null, "job has no message");
    }
    if (job.messageSid() != null) {
      return outbox.complete(job.jobId(), job.messageSid(), "queued");
    }
    if (job.optedOut()) {
      metrics.sms("opted_out", "none");
      return outbox.fail(job.jobId(), 21610, "caller opted out before the text-back was sent");
    }
    return accounts.find(job.accountSid()).compose(account -> account
        .map(a -> job.mayHaveBeenSent() ? lookThenSend(a, job) : send(a, job))
        .orElseGet(() -> outbox.fail(job.jobId(), null, "no credentials for account " + job.accountSid())));
  }

  private Future<Void> lookThenSend(TwilioAccount account, ClaimedTextBack job) {
    return twilio.findSent(account, job.from(), job.to(), job.body(), job.createdAt())
        .compose(found -> {
          if (found.isPresent()) {
            LOG.atInfo().addKeyValue("jobId", job.jobId()).addKeyValue("messageSid", found.get())
                .log("text-back found at Twilio after an unknown outcome; not sending again");
            metrics.sms("accepted", "none");
            return outbox.complete(job.jobId(), found.get(), "queued");
          }
          return send(account, job);
        }, err -> outbox.retry(job.jobId(), backoff.delay(job.attempts()), true,
            "could not check Twilio before resending: " + err.getMessage()));
  }

  private Future<Void> send(TwilioAccount account, ClaimedTextBack job) {
    String callback = settings.baseUrl() + "/twilio/messages/status?job=" + job.jobId() + STATUS_OVERRIDES;
    return twilio.send(account, job.from(), job.to(), job.body(), callback)
        .compose(result -> settle(job, result));
  }

  private Future<Void> settle(ClaimedTextBack job, SendResult result) {
    if (result instanceof SendResult.Accepted accepted) {
      metrics.sms("accepted", "none");
      metrics.textbackAccepted(Duration.between(job.webhookReceivedAt(), Instant.now()));
      log(job, "text-back accepted", accepted.messageSid(), 0);
      return outbox.complete(job.jobId(), accepted.messageSid(), accepted.status());
    }
    if (result instanceof SendResult.Rejected rejected) {
      metrics.sms("failed", String.valueOf(rejected.code()));
      log(job, "text-back rejected", null, rejected.code());
      if (OPTED_OUT.contains(rejected.code())) {
        return outbox.failOptedOut(job, rejected.code(), rejected.message());
      }
      if (NOT_SMS_CAPABLE.contains(rejected.code())) {
        return outbox.failUnreachable(job, rejected.code(), rejected.message());
      }
      if (SENDER_PROBLEM.contains(rejected.code())) {
        LOG.atError().addKeyValue("workspace", job.workspaceId()).addKeyValue("code", rejected.code())
            .log("workspace cannot send SMS: check its number and registration");
      }
      return outbox.fail(job.jobId(), rejected.code(), rejected.message());
    }
    boolean maybeSent = result instanceof SendResult.Unknown;
    String why = String.valueOf(result);
    metrics.sms(maybeSent ? "unknown" : "retry", result instanceof SendResult.Throttled t ? String.valueOf(t.code()) : "none");
    if (job.attempts() >= settings.maxSendAttempts()) {
      log(job, "text-back given up", null, 0);
      return outbox.fail(job.jobId(), null, "gave up after " + job.attempts() + " attempts: " + why);
    }
    return outbox.retry(job.jobId(), backoff.delay(job.attempts()), maybeSent, why);
  }

  private static void log(ClaimedTextBack job, String what, String messageSid, int code) {
    LOG.atInfo().addKeyValue("jobId", job.jobId()).addKeyValue("workspace", job.workspaceId())
        .addKeyValue("to", CallerNumber.mask(job.to())).addKeyValue("attempt", job.attempts())
        .addKeyValue("messageSid", messageSid).addKeyValue("code", code).log(what);
  }
}
