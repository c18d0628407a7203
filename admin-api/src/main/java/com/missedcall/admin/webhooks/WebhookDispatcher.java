package com.missedcall.admin.webhooks;

import com.missedcall.recovery.sms.Backoff;
import com.missedcall.recovery.work.InFlight;
import com.missedcall.recovery.work.LeaseSettings;
import com.missedcall.recovery.work.LeasedWorker;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The worker that sends outbound webhooks. Deliveries are queued by triggers in the same transaction
 * as the change they report (migration V4), as jobs of kind 'webhook'; its engine sweeps for due ones (and
 * sweeps when woken on {@link #WAKE_UP}), claims them with a lease so any number of workers share them; this
 * sends, and retries failures with exponential backoff until {@code maxAttempts}; a delivery whose URL is
 * refused at send (see {@link WebhookSender}) is failed at once. A settle from an expired claim is refused
 * and counted ({@code recovery_stale_settles_total{queue="webhook"}}).
 */
public final class WebhookDispatcher extends LeasedWorker<WebhookDeliveryStore.Claimed> {
  public static final String WAKE_UP = "admin.webhooks.ready";

  private final WebhookDeliveryStore store;
  private final WebhookSender sender;
  private final Backoff backoff;
  private final int maxAttempts;

  public WebhookDispatcher(WebhookDeliveryStore store, WebhookSender sender, Backoff backoff, int maxAttempts,
                           Duration sweepInterval, Duration lease, MeterRegistry registry) {
    super(store.pool(), store.claims(), new LeaseSettings("webhook", "webhooks", lease, sweepInterval, 20, 100,
        Duration.ofSeconds(5), WAKE_UP, null, null), registry, new InFlight());
    this.store = store;
    this.sender = sender;
    this.backoff = backoff;
    this.maxAttempts = maxAttempts;
  }

  @Override
  protected Future<Void> handle(WebhookDeliveryStore.Claimed job) {
    return store.load(job.deliveryId()).compose(found -> {
      if (found.isEmpty() || !found.get().sendable()) {
        return store.abandon(job, "the endpoint was deleted or disabled");
      }
      return sender.send(found.get(), job.attempt()).compose(attempt -> store.settle(job, attempt,
          attempt.delivered() || attempt.permanent() || job.attempt() >= maxAttempts ? null
              : OffsetDateTime.now(ZoneOffset.UTC).plus(backoff.delay(job.attempt()))));
    });
  }
}
