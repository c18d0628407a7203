package com.missedcall.recovery.conversations;

import com.missedcall.recovery.RecoverySettings;
import com.missedcall.recovery.ai.AiReplier;
import com.missedcall.recovery.intake.IntakeLinks;
import com.missedcall.recovery.ai.AiSettings;
import com.missedcall.recovery.ai.ChatCompletionsClient;
import com.missedcall.recovery.jobs.JobQueue;
import com.missedcall.recovery.metrics.RecoveryMetrics;
import com.missedcall.recovery.sms.Backoff;
import com.missedcall.recovery.timer.TimerStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import java.time.Duration;

/**
 * Everything conversations need in one process, built once: the store, the service the webhook and the
 * admin API call, and the worker verticles (AI replier, scheduler, conversation timer). The model gets its own HTTP client,
 * so a slow model never holds connections Twilio requests need.
 */
public final class ConversationModule {
  private final ConversationStore store;
  private final ConversationStore workerStore;
  private final ConversationService service;
  private final JobQueue queue;
  private final AiSettings ai;
  private final RecoverySettings settings;
  private final RecoveryMetrics metrics;
  private final WebClient modelHttp;
  private final ChatCompletionsClient model;

  public ConversationModule(Vertx vertx, Pool pool, AiSettings ai, RecoverySettings settings, RecoveryMetrics metrics) {
    this(vertx, pool, pool, ai, settings, metrics);
  }

  /**
   * @param pool        what inbound texts and staff actions use (the webhook is waiting)
   * @param workerPool  what the AI replier and the scheduler use (work that can wait)
   */
  public ConversationModule(Vertx vertx, Pool pool, Pool workerPool, AiSettings ai, RecoverySettings settings,
                            RecoveryMetrics metrics) {
    this.store = new ConversationStore(pool);
    this.service = new ConversationService(store, vertx.eventBus());
    this.workerStore = new ConversationStore(workerPool);
    this.queue = new JobQueue(workerPool);
    this.ai = ai;
    this.settings = settings;
    this.metrics = metrics;
    this.modelHttp = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, ai.timeout().toMillis()))
        .setUserAgent("missed-call-recovery-gateway"), new PoolOptions().setHttp1MaxSize(16));
    this.model = new ChatCompletionsClient(vertx, modelHttp, ai);
  }

  public ConversationService service() {
    return service;
  }

  public ConversationStore store() {
    return store;
  }

  public AiSettings ai() {
    return ai;
  }

  /** The model client (its own HTTP pool), shared with voice recovery. */
  public ChatCompletionsClient model() {
    return model;
  }

  public AiReplier newAiReplier() {
    return new AiReplier(queue, workerStore, ai, model, new IntakeLinks(settings.baseUrl()), settings.jobLease(),
        settings.sweepInterval(),
        settings.maxSendAttempts(), backoff(), metrics);
  }

  /** The worker of conversation timers: the follow-up ladder and the auto-close. */
  public ConversationTimer newTimer() {
    return new ConversationTimer(workerStore, new TimerStore(), settings.jobLease(), settings.sweepInterval(),
        settings.maxSendAttempts(), backoff(), metrics);
  }

  public ConversationScheduler newScheduler() {
    return new ConversationScheduler(queue, workerStore, settings.jobLease(), settings.sweepInterval(),
        settings.maxSendAttempts(), backoff(), metrics);
  }

  public void close() {
    modelHttp.close();
  }

  private static Backoff backoff() {
    return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
  }
}
