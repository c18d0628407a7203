package com.missedcall.admin.webhooks;

import com.missedcall.recovery.calls.CallerNumber;
import com.missedcall.recovery.jobs.InFlight;
import com.missedcall.recovery.jobs.StaleClaim;
import com.missedcall.recovery.sms.Backoff;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker that sends outbound webhooks. Deliveries are queued by triggers in the same transaction
 * as the change they report (migration V4), as jobs of kind 'webhook'; this verticle sweeps for due
 * ones (and can be woken on {@link #WAKE_UP}), claims them with a lease so any number of workers share
 * them, sends, and retries failures with exponential backoff until {@code maxAttempts}; a delivery whose
 * URL is refused at send (see {@link WebhookSender}) is failed at once.
 */
public final class WebhookDispatcher extends VerticleBase {
  public static final String WAKE_UP = "admin.webhooks.ready";
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

  private final WebhookDeliveryStore store;
  private final WebhookSender sender;
  private final Backoff backoff;
  private final int maxAttempts;
  private final Duration sweepInterval;
  private final Duration lease;
  private final InFlight inFlight = new InFlight();
  private MessageConsumer<Object> wakeUps;
  private long timer = -1;
  private volatile boolean stopping;

  public WebhookDispatcher(WebhookDeliveryStore store, WebhookSender sender, Backoff backoff, int maxAttempts,
                           Duration sweepInterval, Duration lease) {
    this.store = store;
    this.sender = sender;
    this.backoff = backoff;
    this.maxAttempts = maxAttempts;
    this.sweepInterval = sweepInterval;
    this.lease = lease;
  }

  @Override
  public Future<?> start() {
    wakeUps = vertx.eventBus().consumer(WAKE_UP, msg -> sweep());
    timer = vertx.setPeriodic(sweepInterval.toMillis(), id -> sweep());
    return wakeUps.completion();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(timer);
    Future<Void> drained = inFlight.drained(vertx, Duration.ofSeconds(5));
    return wakeUps.unregister().compose(v -> drained);
  }

  private void sweep() {
    if (stopping || inFlight.count() > 100) {
      return;
    }
    store.claim(lease, 20)
        .onSuccess(jobs -> jobs.forEach(this::process))
        .onFailure(err -> LOG.atWarn().addKeyValue("error", String.valueOf(err)).log("could not claim webhook jobs"));
  }

  private void process(WebhookDeliveryStore.Claimed job) {
    inFlight.track(store.load(job.deliveryId())
        .compose(found -> {
          if (found.isEmpty() || !found.get().sendable()) {
            return store.abandon(job, "the endpoint was deleted or disabled");
          }
          return sender.send(found.get(), job.attempt()).compose(attempt -> store.settle(job, attempt,
              attempt.delivered() || attempt.permanent() || job.attempt() >= maxAttempts ? null
                  : OffsetDateTime.now(ZoneOffset.UTC).plus(backoff.delay(job.attempt()))));
        })
        .onFailure(err -> {
          if (err instanceof StaleClaim) {
            LOG.atInfo().addKeyValue("jobId", job.jobId()).addKeyValue("attempt", job.attempt())
                .log("webhook settle refused: its lease expired and another worker holds the job");
          } else {
            LOG.atWarn().addKeyValue("jobId", job.jobId()).addKeyValue("error", CallerNumber.maskWithin(String.valueOf(err)))
                .log("webhook job left for the sweeper");
          }
        }));
  }
}
