package com.missedcall.loadtests.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of a voice run: worker {@code k} of {@code K} starts calls k, k+K, ... when the
 * {@link Schedule} says they are due (open model: a call starts whether or not earlier ones were answered), and
 * plays each call to its end as Twilio would: the incoming webhook, the {@code <Dial>} action (no answer), each
 * {@code <Gather>} answered with the script, the final status callback. Each next request of a call is due
 * {@code thinkMs} after the previous answer (the caller speaking); its latency, like the first's, is measured from
 * the instant it was due, so a late generator or a slow gateway shows in the figures (no coordinated omission).
 * When every call has started the worker waits at most the drain time for calls still going, then freezes.
 */
public final class VoiceLoadWorker extends VerticleBase {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** An answered webhook: status and TwiML. */
  private record Answer(int status, String body) {}

  private final LoadPlan plan;
  private final VoiceCallSource source;
  private final int index;
  private final long startNanos;
  private final long thinkNanos;
  private final Tally tally = new Tally(false);
  private final VoiceTally calls = new VoiceTally();
  private final Promise<VoiceLoadWorker> finished = Promise.promise();
  private HttpClientAgent client;
  private Schedule schedule;
  private long next;
  private long loopCpuAtStart;
  private long loopCpuNanos;
  private boolean loadOver;

  public VoiceLoadWorker(LoadPlan plan, VoiceCallSource source, int index, long startNanos, long thinkMs) {
    if (!plan.open()) {
      throw new IllegalArgumentException("the voice load is an open model: give a rate of calls per second");
    }
    this.plan = plan;
    this.source = source;
    this.index = index;
    this.startNanos = startNanos;
    this.thinkNanos = TimeUnit.MILLISECONDS.toNanos(thinkMs);
  }

  /** Completes with this worker once its tallies are frozen. */
  public Future<VoiceLoadWorker> finished() {
    return finished.future();
  }

  public Tally tally() {
    return tally;
  }

  public VoiceTally calls() {
    return calls;
  }

  public long loopCpuNanos() {
    return loopCpuNanos;
  }

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, plan.timeoutMs())),
        new PoolOptions().setHttp1MaxSize(Math.max(1, plan.connections() / plan.workers())));
    schedule = plan.schedule();
    next = index;
    long delayMs = Math.max(1, (startNanos - System.nanoTime()) / 1_000_000);
    vertx.setTimer(delayMs, t -> {
      loopCpuAtStart = THREADS.getCurrentThreadCpuTime();
      vertx.setPeriodic(1, this::tick);
    });
    return Future.succeededFuture();
  }

  private void tick(long timerId) {
    long now = System.nanoTime();
    long elapsed = now - startNanos;
    long total = schedule.total();
    while (next < total) {
      long due = schedule.dueNanos(next);
      if (due > elapsed) {
        break;
      }
      boolean steady = due >= schedule.rampSeconds() * 1e9;
      VoiceTally.CallRun run = calls.started(source.call(next), steady);
      incoming(run, startNanos + due);
      next += plan.workers();
    }
    if (next >= total) {
      vertx.cancelTimer(timerId);
      loadOver();
    }
  }

  private void incoming(VoiceTally.CallRun run, long due) {
    send(run, "incoming", source.incoming(run.call()), due).onSuccess(a -> {
      String action = a == null ? null : VoiceCallSource.dialAction(a.body());
      if (action == null) {
        fail(run, a == null ? null : "incoming: no <Dial action> in the answer");
        return;
      }
      after(a, due2 -> send(run, "greeting", source.dialNoAnswer(run.call(), action), due2)
          .onSuccess(g -> gathered(run, g, "greeting", 1)));
    });
  }

  /** The answer {@code a} to {@code step} should ask turn {@code turn}: answer it, or end the call. */
  private void gathered(VoiceTally.CallRun run, Answer a, String step, int turn) {
    if (a == null) {
      fail(run, null);
      return;
    }
    String action = VoiceCallSource.gatherAction(a.body());
    if (turn > source.turns()) {
      if (action != null || !VoiceCallSource.hangsUp(a.body())) {
        calls.failedAt(run, "turn " + source.turns() + ": the call did not close after the last answer");
      }
      after(a, due -> status(run, due));
      return;
    }
    if (action == null) {
      fail(run, step + ": no <Gather action> in the answer");
      return;
    }
    after(a, due -> send(run, "turn", source.turn(run.call(), turn, action), due)
        .onSuccess(t -> gathered(run, t, "turn " + turn, turn + 1)));
  }

  /** The call went wrong ({@code why}, or the failed request said so already): Twilio ends it and reports it. */
  private void fail(VoiceTally.CallRun run, String why) {
    if (why != null) {
      calls.failedAt(run, why);
    }
    status(run, System.nanoTime());
  }

  private void status(VoiceTally.CallRun run, long due) {
    send(run, "status", source.ended(run.call()), due).onComplete(ar -> {
      calls.ended(run);
      maybeFinish();
    });
  }

  /** Runs {@code next} with its due instant: {@code thinkMs} after this answer arrived. */
  private void after(Answer a, java.util.function.LongConsumer next) {
    long due = System.nanoTime() + thinkNanos;
    if (thinkNanos <= 0) {
      next.accept(due);
    } else {
      vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(thinkNanos)), t -> next.accept(due));
    }
  }

  /** Sends one step of a call; completes with the answer if 2xx, else null (the call is marked failed). */
  private Future<Answer> send(VoiceTally.CallRun run, String step, Webhook webhook, long due) {
    if (calls.frozen()) {
      return Future.succeededFuture(null);
    }
    long now = System.nanoTime();
    Tally.Request request = tally.sent(webhook, due, now - due, run.steady);
    return client.request(HttpMethod.POST, plan.port(), plan.host(), webhook.path())
        .compose(req -> req.idleTimeout(plan.timeoutMs())
            .putHeader("Content-Type", "application/x-www-form-urlencoded")
            .putHeader("User-Agent", "TwilioProxy/1.1")
            .putHeader("X-Twilio-Signature", webhook.signature())
            .send(webhook.body()))
        .compose(resp -> resp.body().map(body -> new Answer(resp.statusCode(), body.toString())))
        .timeout(plan.timeoutMs(), TimeUnit.MILLISECONDS)
        .map(a -> {
          long at = System.nanoTime();
          tally.answered(request, a.status(), at);
          if (a.status() >= 200 && a.status() < 300) {
            calls.stepAnswered(run, step, (at - due) / 1000);
            return a;
          }
          calls.failedAt(run, step + ": http " + a.status());
          return null;
        })
        .otherwise(err -> {
          tally.failed(request, LoadWorker.kind(err), System.nanoTime());
          calls.failedAt(run, step + ": " + LoadWorker.kind(err));
          return null;
        });
  }

  private void loadOver() {
    if (loadOver) {
      return;
    }
    loadOver = true;
    loopCpuNanos = THREADS.getCurrentThreadCpuTime() - loopCpuAtStart;
    vertx.setTimer(Math.max(1, plan.drainMs()), t -> freeze());
    maybeFinish();
  }

  private void maybeFinish() {
    if (loadOver && calls.open() == 0 && tally.inFlight() == 0) {
      freeze();
    }
  }

  private void freeze() {
    if (finished.future().isComplete()) {
      return;
    }
    calls.freeze();
    tally.freeze();
    finished.complete(this);
  }

  @Override
  public Future<?> stop() {
    return client == null ? Future.succeededFuture() : client.close();
  }
}
