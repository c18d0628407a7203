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
import java.net.ConnectException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One event loop's share of a run: worker {@code k} of {@code K} sends requests k, k+K, k+2K, ... of the
 * schedule (open model) or runs its share of the users (closed model), with its own HTTP client and
 * its own {@link Tally}, so nothing is shared between threads. In the open model a 1 ms timer sends
 * whatever has come due; a late tick sends late, and the lateness shows in the send lag and in the
 * latencies, which start at the scheduled instant. When the load ends the worker waits at most the
 * drain time for answers still in flight, then freezes its tally (the rest is cut off).
 */
public final class LoadWorker extends VerticleBase {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final LoadPlan plan;
  private final WebhookSource source;
  private final int index;
  private final long startNanos;
  private final Tally tally;
  private final Promise<Tally> finished = Promise.promise();
  private HttpClientAgent client;
  private Schedule schedule;
  private long next;
  private long sequence;
  private long endNanos;
  private long rampEndNanos;
  private long loopCpuAtStart;
  private long loopCpuNanos;
  private boolean loadOver;

  /** {@code startNanos}: the common {@link System#nanoTime()} instant at which every worker starts. */
  public LoadWorker(LoadPlan plan, WebhookSource source, int index, long startNanos, boolean keepRequests) {
    this.plan = plan;
    this.source = source;
    this.index = index;
    this.startNanos = startNanos;
    this.tally = new Tally(keepRequests);
  }

  /** Completes with the frozen tally once the load is over and the drain time has passed or nothing is in flight. */
  public Future<Tally> finished() {
    return finished.future();
  }

  /** CPU this worker's event-loop thread used while the load ran (schedule start to end). */
  public long loopCpuNanos() {
    return loopCpuNanos;
  }

  @Override
  public Future<?> start() {
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, plan.timeoutMs())),
        new PoolOptions().setHttp1MaxSize(Math.max(1, plan.connections() / plan.workers())));
    rampEndNanos = startNanos + (long) (plan.rampSeconds() * 1e9);
    endNanos = rampEndNanos + (long) (plan.durationSeconds() * 1e9);
    long delayMs = Math.max(1, (startNanos - System.nanoTime()) / 1_000_000);
    vertx.setTimer(delayMs, t -> begin());
    return Future.succeededFuture();
  }

  private void begin() {
    loopCpuAtStart = THREADS.getCurrentThreadCpuTime();
    if (plan.open()) {
      schedule = plan.schedule();
      next = index;
      vertx.setPeriodic(1, this::tick);
    } else {
      int users = plan.concurrency() / plan.workers() + (index < plan.concurrency() % plan.workers() ? 1 : 0);
      for (int u = 0; u < users; u++) {
        sendNextBackToBack();
      }
      vertx.setTimer(Math.max(1, (endNanos - System.nanoTime()) / 1_000_000), t -> loadOver());
    }
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
      send(next, startNanos + due, now, due >= schedule.rampSeconds() * 1e9);
      next += plan.workers();
    }
    if (next >= total) {
      vertx.cancelTimer(timerId);
      loadOver();
    }
  }

  private void sendNextBackToBack() {
    long now = System.nanoTime();
    if (loadOver || now >= endNanos) {
      return;
    }
    long n = sequence++ * plan.workers() + index;
    send(n, now, now, now >= rampEndNanos).onComplete(ar -> sendNextBackToBack());
  }

  private Future<Integer> send(long n, long scheduledNanos, long nowNanos, boolean steady) {
    Webhook webhook = source.get(n);
    Tally.Request request = tally.sent(webhook, scheduledNanos, nowNanos - scheduledNanos, steady);
    return client.request(HttpMethod.POST, plan.port(), plan.host(), webhook.path())
        .compose(req -> req.idleTimeout(plan.timeoutMs())
            .putHeader("Content-Type", "application/x-www-form-urlencoded")
            .putHeader("User-Agent", "TwilioProxy/1.1")
            .putHeader("X-Twilio-Signature", webhook.signature())
            .send(webhook.body()))
        .compose(resp -> resp.body().map(body -> resp.statusCode()))
        .timeout(plan.timeoutMs(), TimeUnit.MILLISECONDS)
        .onSuccess(status -> {
          tally.answered(request, status, System.nanoTime());
          maybeFinish();
        })
        .onFailure(err -> {
          tally.failed(request, kind(err), System.nanoTime());
          maybeFinish();
        });
  }

  /** A failed request's kind for the tally: timeout, connect, or the exception's class. */
  static String kind(Throwable err) {
    if (err instanceof TimeoutException || String.valueOf(err.getMessage()).toLowerCase().contains("timeout")) {
      return "timeout";
    }
    if (err instanceof ConnectException) {
      return "connect";
    }
    return err.getClass().getSimpleName();
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
    if (loadOver && tally.inFlight() == 0) {
      freeze();
    }
  }

  private void freeze() {
    if (finished.future().isComplete()) {
      return;
    }
    tally.freeze();
    finished.complete(tally);
  }

  @Override
  public Future<?> stop() {
    return client == null ? Future.succeededFuture() : client.close();
  }
}
