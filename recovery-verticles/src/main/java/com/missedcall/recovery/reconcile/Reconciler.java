package com.missedcall.recovery.reconcile;

import com.missedcall.recovery.calls.CallerNumber;
import com.missedcall.recovery.calls.Decision;
import com.missedcall.recovery.calls.DecisionReason;
import com.missedcall.recovery.calls.ListedCall;
import com.missedcall.recovery.calls.ListedCallClassifier;
import com.missedcall.recovery.calls.RecoveryService;
import com.missedcall.recovery.conversations.ConversationService;
import com.missedcall.recovery.conversations.InboundSms;
import com.missedcall.recovery.twilio.TwilioAccount;
import com.missedcall.recovery.twilio.TwilioAccounts;
import com.missedcall.recovery.workspace.NumberDirectory;
import com.missedcall.recovery.workspace.RoutingMode;
import com.missedcall.recovery.workspace.TrackedLine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Catches what Twilio's webhooks never told us. Every interval (jittered), for each Twilio account whose
 * lease this process holds or takes: list the recent inbound Calls and Messages to each tracked number,
 * and feed every call without a decision here, and every text not stored here, through the paths a webhook
 * takes ({@link RecoveryService#decide}, {@link ConversationService#receive}): idempotent on CallSid and
 * MessageSid, so a pass that overlaps a late webhook or another pass doubles nothing. Calls still pending
 * whose final webhook never came are looked up one by one. Decisions it takes are marked
 * {@code source = 'reconciler'} on the call.
 */
public final class Reconciler extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  /** Accounts reconciled at the same time by one process. */
  private static final int PARALLEL_ACCOUNTS = 4;

  private final ReconcilerSettings settings;
  private final ReconcileStore store;
  private final ReconcilerLeases leases;
  private final TwilioHistoryClient twilio;
  private final TwilioAccounts accounts;
  private final NumberDirectory directory;
  private final ListedCallDecider recovery;
  private final ConversationService conversations;
  private final Counter calls;
  private final Counter messages;
  private final Counter passesOk;
  private final Counter passesFailed;
  /** Epoch ms of the oldest account's last complete pass (0: none yet); the gauge ages it, even when rounds fail. */
  private final AtomicLong oldestPassMs = new AtomicLong();
  private final Set<String> running = new HashSet<>();
  private volatile boolean stopped;
  private long timer = -1;

  public Reconciler(ReconcilerSettings settings, Pool pool, WebClient http, String twilioApiBase,
                    TwilioAccounts accounts, NumberDirectory directory, ListedCallDecider recovery,
                    ConversationService conversations, MeterRegistry registry) {
    this.settings = settings;
    this.store = new ReconcileStore(pool);
    this.leases = new ReconcilerLeases(pool, "reconciler-" + UUID.randomUUID(), settings.lease());
    this.twilio = new TwilioHistoryClient(http, twilioApiBase, settings.twilioTimeout(), settings.maxPages());
    this.accounts = accounts;
    this.directory = directory;
    this.recovery = recovery;
    this.conversations = conversations;
    this.calls = Counter.builder("recovery_reconciled_total")
        .description("Calls and texts the webhooks never delivered, recorded by the reconciler")
        .tag("kind", "call").register(registry);
    this.messages = Counter.builder("recovery_reconciled_total")
        .description("Calls and texts the webhooks never delivered, recorded by the reconciler")
        .tag("kind", "message").register(registry);
    this.passesOk = Counter.builder("recovery_reconciler_passes_total").tag("outcome", "ok").register(registry);
    this.passesFailed = Counter.builder("recovery_reconciler_passes_total").tag("outcome", "failed")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder("recovery_reconciler_lag_seconds", oldestPassMs,
            oldest -> oldest.get() == 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldest.get()) / 1000.0)
        .description("Seconds since the least recently reconciled Twilio account's last complete pass")
        .register(registry);
  }

  @Override
  public Future<?> start() {
    schedule();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return leases.releaseAll().otherwiseEmpty();
  }

  private void schedule() {
    if (stopped) {
      return;
    }
    long base = settings.interval().toMillis();
    long delay = Math.max(1, (long) (base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble())));
    timer = vertx.setTimer(delay, id -> tick().onComplete(ar -> schedule()));
  }

  /** One round: every account this process may reconcile now, a few at a time; then the lag gauge. */
  Future<Void> tick() {
    return store.accounts()
        .compose(all -> inParallel(all, PARALLEL_ACCOUNTS, this::maybePass))
        .compose(v -> leases.oldestPass())
        .onSuccess(oldest -> oldestPassMs.set(oldest == null ? 0 : oldest))
        .onFailure(err -> LOG.atWarn().addKeyValue("error", redacted(err)).log("reconciler round failed"))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private Future<Void> maybePass(ReconcileStore.Account account) {
    if (stopped || !running.add(account.accountSid())) {
      return Future.succeededFuture(); // still reconciling it since the last round
    }
    return leases.take(account.accountSid())
        .compose(mine -> mine ? pass(account).compose(v -> leases.succeeded(account.accountSid()))
            .onSuccess(v -> passesOk.increment())
            .onFailure(err -> {
              passesFailed.increment();
              LOG.atWarn().addKeyValue("account", account.accountSid()).addKeyValue("error", redacted(err))
                  .log("reconciler pass failed; the next one retries");
            }) : Future.<Void>succeededFuture())
        .otherwiseEmpty()
        .eventually(() -> {
          running.remove(account.accountSid());
          return Future.succeededFuture();
        });
  }

  /** One account: each number's calls and texts, then the account's calls stuck pending. */
  Future<Void> pass(ReconcileStore.Account account) {
    return accounts.find(account.accountSid()).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture();
      }
      TwilioAccount credentials = found.get();
      Set<String> seen = new HashSet<>();
      return sequentially(account.numbers(), number -> reconcileNumber(credentials, number, seen))
          .compose(v -> reconcileStuck(credentials, seen));
    });
  }

  private Future<Void> reconcileNumber(TwilioAccount account, String number, Set<String> seen) {
    return directory.find(number).compose(found -> {
      Optional<TrackedLine> line = found.filter(l -> l.accountSid().equals(account.accountSid()));
      if (line.isEmpty()) {
        return Future.succeededFuture();
      }
      Instant since = Instant.now().minus(settings.lookback());
      return twilio.callsTo(account, number, since)
          .compose(listed -> {
            List<ListedCall> candidates = listed.stream().filter(ListedCall::inboundParent).toList();
            candidates.forEach(c -> seen.add(c.sid()));
            return store.decided(account.accountSid(), candidates.stream().map(ListedCall::sid).toList())
                .compose(decided -> sequentially(candidates.stream()
                    .filter(c -> !decided.contains(c.sid()) && settled(c)).toList(),
                    c -> reconcileCall(account, line.get(), c)));
          })
          .compose(v -> twilio.inboundTo(account, number, since))
          .compose(listed -> {
            List<ListedMessage> inbound = listed.stream().filter(ListedMessage::inbound)
                .filter(m -> m.to().equals(number)).toList();
            return store.knownMessages(inbound.stream().map(ListedMessage::sid).toList())
                .compose(known -> sequentially(inbound.stream()
                    .filter(m -> !known.contains(m.sid()) && old(m.sentAt())).toList(),
                    m -> reconcileMessage(line.get(), m)));
          });
    });
  }

  /** Pending calls Twilio's recent lists did not show (older than the lookback): looked up by SID. */
  private Future<Void> reconcileStuck(TwilioAccount account, Set<String> seen) {
    return store.stuckPending(account.accountSid(), settings.grace(), ReconcilerSettings.PENDING_HORIZON,
            ReconcilerSettings.PENDING_LIMIT)
        .compose(sids -> sequentially(sids.stream().filter(s -> !seen.contains(s)).toList(),
            sid -> twilio.call(account, sid).compose(call -> call.filter(this::settled)
                .map(c -> directory.find(c.to()).compose(line -> line
                    .filter(l -> l.accountSid().equals(account.accountSid()))
                    .map(l -> reconcileCall(account, l, c))
                    .orElse(Future.succeededFuture())))
                .orElse(Future.succeededFuture()))));
  }

  private Future<Void> reconcileCall(TwilioAccount account, TrackedLine line, ListedCall call) {
    boolean needsLegs = line.routingMode() == RoutingMode.DIRECT && "completed".equals(call.status());
    Future<List<ListedCall>> legs = needsLegs ? twilio.legsOf(account, call.sid()) : Future.succeededFuture(List.of());
    return legs.compose(found -> {
      Optional<ListedCallClassifier.Classified> classified =
          ListedCallClassifier.classify(call, found, line.routingMode(), Instant.now(), System.nanoTime());
      if (classified.isEmpty()) {
        return Future.succeededFuture();
      }
      return recovery.decide(line, classified.get().event(), classified.get().outcome())
          .compose(decision -> recorded(decision)
              ? store.markReconciled(decision.callId()).onSuccess(v -> {
                calls.increment();
                LOG.atInfo().addKeyValue("workspace", line.workspaceId()).addKeyValue("callSid", call.sid())
                    .addKeyValue("caller", CallerNumber.mask(call.from()))
                    .addKeyValue("outcome", classified.get().outcome())
                    .addKeyValue("reason", decision.reason().code()).log("call reconciled");
              })
              : Future.<Void>succeededFuture());
    });
  }

  private static boolean recorded(Decision decision) {
    return decision.callId() != null && decision.reason() != DecisionReason.DUPLICATE_WEBHOOK
        && decision.reason() != DecisionReason.NOT_FINAL;
  }

  private Future<Void> reconcileMessage(TrackedLine line, ListedMessage m) {
    InboundSms sms = new InboundSms(m.accountSid() != null ? m.accountSid() : line.accountSid(), m.sid(), m.from(),
        m.to(), m.body(), m.segments(), null);
    return conversations.receive(line, sms).map(result -> {
      if (!result.duplicate()) {
        messages.increment();
      }
      return null;
    });
  }

  /** A final call that ended at least the grace ago: its own webhook had its chance. */
  private boolean settled(ListedCall call) {
    return call.isFinal() && old(call.endTime() != null ? call.endTime() : call.startTime());
  }

  private boolean old(Instant at) {
    return at == null || !at.isAfter(Instant.now().minus(settings.grace()));
  }

  /** An error for the log: Vert.x quotes the request URI, whose {@code To=} is a phone number. */
  static String redacted(Throwable err) {
    return CallerNumber.maskWithin(String.valueOf(err));
  }

  private static <T> Future<Void> sequentially(List<T> items, Function<T, Future<Void>> step) {
    Future<Void> chain = Future.succeededFuture();
    for (T item : items) {
      chain = chain.compose(v -> step.apply(item));
    }
    return chain;
  }

  /** Runs {@code step} over {@code items}, at most {@code width} at a time; one failing stops none of the rest. */
  private static <T> Future<Void> inParallel(List<T> items, int width, Function<T, Future<Void>> step) {
    List<List<T>> lanes = new ArrayList<>();
    for (int i = 0; i < width; i++) {
      lanes.add(new ArrayList<>());
    }
    for (int i = 0; i < items.size(); i++) {
      lanes.get(i % width).add(items.get(i));
    }
    return Future.join(lanes.stream()
            .map(lane -> sequentially(lane, item -> step.apply(item).otherwiseEmpty()))
            .toList())
        .mapEmpty();
  }
}
