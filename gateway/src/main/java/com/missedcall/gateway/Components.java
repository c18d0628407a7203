package com.missedcall.gateway;

import com.missedcall.gateway.config.GatewayConfig;
import com.missedcall.gateway.config.Role;
import com.missedcall.gateway.http.Readiness;
import com.missedcall.gateway.twilio.InboundSmsWebhook;
import com.missedcall.gateway.twilio.MessageStatusWebhook;
import com.missedcall.gateway.twilio.SignatureCheck;
import com.missedcall.gateway.twilio.VoiceTurnWebhooks;
import com.missedcall.gateway.twilio.VoiceWebhooks;
import com.missedcall.recovery.voice.VoiceMetrics;
import com.missedcall.recovery.voice.VoiceRecoveryService;
import com.missedcall.recovery.voice.VoiceTurnStore;
import com.missedcall.recovery.RecoverySettings;
import com.missedcall.recovery.calls.CallDecisionStore;
import com.missedcall.recovery.ai.AiSettings;
import com.missedcall.recovery.calls.PendingCalls;
import com.missedcall.recovery.calls.RecoveryService;
import com.missedcall.recovery.calls.TextBackWriter;
import com.missedcall.recovery.copy.CallerHistory;
import com.missedcall.recovery.intake.IntakeLinks;
import com.missedcall.recovery.conversations.ConversationModule;
import com.missedcall.recovery.db.DatabaseBudget;
import com.missedcall.recovery.db.GradientLimit;
import com.missedcall.recovery.db.WorkPriority;
import com.missedcall.recovery.fastpath.FastPath;
import com.missedcall.recovery.work.HandOff;
import com.missedcall.recovery.work.InFlight;
import com.missedcall.recovery.metrics.RecoveryMetrics;
import com.missedcall.recovery.conversations.TeamNotifications;
import com.missedcall.recovery.sms.Backoff;
import com.missedcall.recovery.sms.CarrierOutcomes;
import com.missedcall.recovery.sms.MessageStatusStore;
import com.missedcall.recovery.quiet.QuietHours;
import com.missedcall.recovery.reconcile.Reconciler;
import com.missedcall.recovery.reconcile.ReconcilerSettings;
import com.missedcall.recovery.sms.SenderCapacity;
import com.missedcall.recovery.sms.SmsOutbox;
import com.missedcall.recovery.sms.SmsSender;
import com.missedcall.recovery.sms.TwilioMessagesClient;
import com.missedcall.recovery.secrets.SecretBox;
import com.missedcall.recovery.twilio.TwilioAccounts;
import com.missedcall.recovery.workspace.NumberDirectory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Everything one process shares between its verticles, built once from the configuration. */
record Components(GatewayConfig config, PrometheusMeterRegistry registry, Pool pool, Pool backgroundPool,
                  DatabaseBudget budget, Pool adminPool, Redis redisClient,
                  RedisAPI redis, WebClient http, RecoveryMetrics metrics, Readiness readiness,
                  NumberDirectory directory, TwilioAccounts accounts, RecoveryService recovery,
                  SignatureCheck signatures, VoiceWebhooks voice, MessageStatusWebhook messageStatus,
                  SmsOutbox outbox, CarrierOutcomes carrier, TwilioMessagesClient twilio, RecoverySettings settings,
                  ConversationModule conversations, InboundSmsWebhook inboundSms, QuietHours quietHours,
                  InFlight sends, String twilioApiBase, VoiceRecoveryService voiceRecovery,
                  VoiceTurnWebhooks voiceTurns) {

  static Components build(Vertx vertx, GatewayConfig config, PrometheusMeterRegistry registry, Pool pool, Pool adminPool,
                          Redis redisClient, String twilioApiBase, SecretBox secrets, Clock clock) {
    RedisAPI redis = RedisAPI.api(redisClient);
    RecoveryMetrics metrics = new RecoveryMetrics(registry);
    GatewayConfig.Batching batching = config.batching();
    // one budget of in-flight PostgreSQL work for everything on the main pool, served by priority; its limit
    // follows the decision statements' latency, never above the pool's size (so the pool's queue stays empty)
    int poolSize = config.databasePoolSize();
    DatabaseBudget budget = new DatabaseBudget(vertx, registry,
        new GradientLimit(poolSize, Math.min(poolSize, 2), poolSize, 2.0, 500), batching.budgetQueueLimit(),
        new DatabaseBudget.Waits(config.decisionTimeout().dividedBy(2), config.jobLease().dividedBy(2),
            config.decisionTimeout(), Duration.ofSeconds(10)));
    Pool decisionPool = budget.pool(pool, WorkPriority.DECISION);
    Pool sendPool = budget.pool(pool, WorkPriority.SEND);
    Pool callbackPool = budget.pool(pool, WorkPriority.CALLBACK);
    Pool backgroundPool = budget.pool(pool, WorkPriority.BACKGROUND);
    RecoverySettings settings = new RecoverySettings(config.publicBaseUrlOrLocal(),
        java.net.URI.create(twilioApiBase), config.twilioTimeout(), config.redisKeyPrefix(), config.doneTtl(),
        config.jobLease(), config.sweepInterval(), config.maxSendAttempts());
    NumberDirectory directory = new NumberDirectory(decisionPool, config.numberCacheTtl(), Duration.ofSeconds(5)).listen(vertx);
    TwilioAccounts accounts = new TwilioAccounts(decisionPool, secrets, Duration.ofSeconds(60));
    FastPath fastPath = new FastPath(redis, config.redisTimeout(), Duration.ofSeconds(2), metrics::redisError,
        config.redisMode() == GatewayConfig.RedisMode.STANDALONE);
    // committed CallSids' done markers ride on the next admit of their workspace; the rest go every 100 ms
    fastPath.flushDoneMarksEvery(vertx, Duration.ofMillis(100));
    // a process with a sender gets its text-backs handed over already claimed; it sends one only while the
    // send (at most the Twilio timeout) surely ends 250 ms before the lease does
    boolean sendsHere = config.roles().contains(Role.WORKERS);
    Duration sendAllowance = config.twilioTimeout().plusMillis(250);
    // a webhook whose statement has not started within half its time is dropped unrun (503, nothing written):
    // it would hardly make it, and running it would only make the ones behind it late too; one whose
    // statement started is answered from that statement's outcome (VoiceWebhooks: 503 only for unwritten work)
    CallDecisionStore decisions = new CallDecisionStore(vertx, pool, new CallDecisionStore.Batching(
        batching.lanes(), batching.batchSize(), batching.queueLimit(), config.decisionTimeout().dividedBy(2),
        sendsHere ? config.jobLease() : null), budget);
    if (sendsHere) {
      HandOff.registerCodec(vertx.eventBus());
    }
    // the sender's backlog is ingress's backpressure: while it owes more texts than it sends within the target
    // (Little's law on its measured send rate), missed calls are shed (503, nothing written) until it catches up
    InFlight sends = new InFlight();
    SenderCapacity capacity = new SenderCapacity(sends, batching.textbackBacklogFloor(),
        batching.textbackBacklogLimit(), batching.textbackBacklogTarget(), System::nanoTime);
    Counter senderShed = DatabaseBudget.shedCounter(registry, WorkPriority.DECISION.label(), "sender_backlog");
    BooleanSupplier senderHasRoom = () -> {
      if (!sendsHere || capacity.hasRoom()) {
        return true;
      }
      senderShed.increment();
      return false;
    };
    metrics.registry().gauge("recovery_decisions_queued", decisions, CallDecisionStore::queued);
    metrics.registry().gauge("recovery_textbacks_in_flight", sends, InFlight::count);
    metrics.registry().gauge("recovery_textback_backlog_limit", capacity, SenderCapacity::limit);
    metrics.registry().gauge("recovery_textback_sends_per_second", capacity, SenderCapacity::sendsPerSecond);
    // incoming calls wait in memory to be recorded 'pending' by a background statement, unless decided first
    // (most are, within seconds: their decision then writes the call's row once)
    PendingCalls pending = batching.pendingCallDelay().isZero() ? null
        : new PendingCalls(decisions, backgroundPool, batching.pendingCallDelay(), 100_000);
    if (pending != null) {
      pending.start(vertx, Duration.ofSeconds(1));
    }
    RecoveryService recovery = new RecoveryService(decisions, fastPath, metrics, vertx.eventBus(),
        config.redisKeyPrefix(), config.doneTtl(), sendAllowance, senderHasRoom,
        new TextBackWriter(new CallerHistory(decisionPool), new IntakeLinks(settings.baseUrl())), pending);
    String base = settings.baseUrl();
    SignatureCheck signatures = new SignatureCheck(accounts, base,
        () -> metrics.webhook("any", "rejected", System.nanoTime()));
    WebClient http = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.twilioTimeout().toMillis()))
        .setUserAgent("missed-call-recovery-gateway"), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
    SmsOutbox outbox = new SmsOutbox(vertx, sendPool, config.jobLease());
    TwilioMessagesClient twilio = new TwilioMessagesClient(http, twilioApiBase, config.twilioTimeout());
    GatewayConfig.Ai ai = config.ai();
    ConversationModule conversations = new ConversationModule(vertx, decisionPool, backgroundPool, new AiSettings(ai.enabled(),
        ai.baseUrl() == null ? null : ai.baseUrl().toString(), ai.model(), ai.apiKey(), ai.timeout(),
        ai.maxRetries()), settings, metrics);
    // voice recovery answers turns while the caller waits on the line: the decisions' priority
    VoiceRecoveryService voiceRecovery = new VoiceRecoveryService(new VoiceTurnStore(decisionPool), recovery,
        conversations.model(), conversations.ai(), config.voice(), new VoiceMetrics(registry), metrics,
        vertx.eventBus(), base, config.numberCacheTtl()).listen(vertx);
    VoiceWebhooks voice = new VoiceWebhooks(directory, recovery, metrics, base, config.decisionTimeout(), voiceRecovery);
    // carrier outcomes settle sends (the sender's, or a status callback's failure): the sender's priority
    CarrierOutcomes carrier = new CarrierOutcomes(sendPool, new TeamNotifications(conversations.store()), metrics,
        vertx.eventBus());
    MessageStatusWebhook messageStatus = new MessageStatusWebhook(
        new MessageStatusStore(vertx, callbackPool, batching.lanes(), config.decisionTimeout()), carrier, metrics);
    InboundSmsWebhook inboundSms = new InboundSmsWebhook(directory, conversations.service(), metrics,
        config.decisionTimeout());
    return new Components(config, registry, pool, backgroundPool, budget, adminPool, redisClient, redis, http, metrics, new Readiness(pool, redis),
        directory, accounts, recovery, signatures, voice, messageStatus, outbox, carrier, twilio, settings, conversations,
        inboundSms, new QuietHours(clock), sends, twilioApiBase, voiceRecovery,
        new VoiceTurnWebhooks(directory, voiceRecovery, metrics));
  }

  /** The reconciler with Twilio (one per workers process; one leader per Twilio account across processes). */
  Reconciler newReconciler() {
    GatewayConfig.Reconcile r = config.reconcile();
    return new Reconciler(new ReconcilerSettings(r.interval(), r.lookback(), r.grace(), r.lease(),
        config.twilioTimeout(), 20), backgroundPool, http, twilioApiBase, accounts, directory,
        voiceRecovery::decideListed, conversations.service(), registry);
  }

  /** The notification email sender (one per workers process), or null while no SMTP server is configured. */
  com.missedcall.recovery.email.EmailSender newEmailSender(io.vertx.core.Vertx vertx) {
    if (config.mail().smtpUrl() == null) {
      return null;
    }
    com.missedcall.recovery.email.SmtpSettings smtp = com.missedcall.recovery.email.SmtpSettings.parse(
        config.mail().smtpUrl(), config.mail().from(), settings.baseUrl());
    io.vertx.ext.mail.MailClient mail = io.vertx.ext.mail.MailClient.createShared(vertx,
        smtp.mailConfig(com.missedcall.recovery.email.EmailSender.sendBudget(config.jobLease())),
        "notification-email");
    return new com.missedcall.recovery.email.EmailSender(new com.missedcall.recovery.jobs.JobQueue(backgroundPool),
        mail, smtp, config.jobLease(), config.sweepInterval(), config.maxSendAttempts(),
        new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10)), metrics);
  }

  /** Places the outbound alert calls of emergencies captured by voice (one per workers process; jobs shared). */
  com.missedcall.recovery.voice.VoiceAlertCaller newVoiceAlertCaller() {
    return new com.missedcall.recovery.voice.VoiceAlertCaller(new com.missedcall.recovery.jobs.JobQueue(backgroundPool),
        http, twilioApiBase, settings.baseUrl(), accounts, config.twilioTimeout(), config.jobLease(),
        config.sweepInterval(), config.maxSendAttempts(), new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)),
        metrics);
  }

  /** Sends each workspace's daily summary once its local time passed (one per workspace and day across processes). */
  com.missedcall.recovery.summary.DailySummaryWorker newDailySummaryWorker() {
    return new com.missedcall.recovery.summary.DailySummaryWorker(backgroundPool, Duration.ofSeconds(60), registry);
  }

  /** Blanks old message bodies and transcripts per workspace retention: one leased job per workspace and day. */
  com.missedcall.recovery.privacy.RetentionPurger newRetentionPurger() {
    return new com.missedcall.recovery.privacy.RetentionPurger(backgroundPool,
        new com.missedcall.recovery.privacy.RetentionStore(), Duration.ofMinutes(5), config.sweepInterval(),
        Duration.ofMinutes(5), registry);
  }

  SmsSender newSender() {
    return new SmsSender(outbox, carrier, twilio, accounts, metrics, settings,
        new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)), quietHours, sends);
  }

  Future<Void> close() {
    http.close();
    conversations.close();
    redisClient.close();
    return Future.join(pool.close(), adminPool.close()).mapEmpty();
  }
}
