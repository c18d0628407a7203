package com.missedcall.recovery.calls;

import com.missedcall.recovery.workspace.TrackedLine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incoming calls recorded 'pending' off the decision's critical path. The pending row serves the reconciler
 * (a call whose final webhook never came is looked up at Twilio by its SID) and the dashboard's calls in
 * progress; a call decided soon after it came in needs none, its decision writes its row once. So an incoming
 * call is held here for {@code delay}, then written with the others due in one statement of background
 * priority, unless a final webhook decided it in this process first. The incoming webhook never waits for it.
 * Held calls are lost with the process: the reconciler's listing of recent calls still finds those. At most
 * {@code maxHeld} are held; beyond that a call is written in the next flush, however young.
 */
public final class PendingCalls {
  private static final Logger LOG = LoggerFactory.getLogger(PendingCalls.class);
  private static final int MAX_PER_STATEMENT = 500;

  private record Held(TrackedLine line, CallEvent event, long dueNanos) {}

  private final CallDecisionStore store;
  private final Pool pool;
  private final long delayNanos;
  private final int maxHeld;
  private final Map<String, Held> held = new ConcurrentHashMap<>();

  /** {@code pool}: where the flushes run (the background priority of the database budget). */
  public PendingCalls(CallDecisionStore store, Pool pool, Duration delay, int maxHeld) {
    this.store = store;
    this.pool = pool;
    this.delayNanos = delay.toNanos();
    this.maxHeld = maxHeld;
  }

  /** Flushes what is due every {@code interval}; returns the timer id. */
  public long start(Vertx vertx, Duration interval) {
    return vertx.setPeriodic(interval.toMillis(), id -> flush(false));
  }

  /** Holds an incoming call until it is decided or its delay ran out. */
  public void hold(TrackedLine line, CallEvent event) {
    long due = held.size() >= maxHeld ? event.receivedNanos() : event.receivedNanos() + delayNanos;
    held.putIfAbsent(key(event.accountSid(), event.callSid()), new Held(line, event, due));
  }

  /** A final webhook of this call was decided: its row is written, no pending record is needed. */
  public void decided(String accountSid, String callSid) {
    held.remove(key(accountSid, callSid));
  }

  /** Calls held now. */
  public int held() {
    return held.size();
  }

  /** Writes the calls due (all of them when {@code all}, e.g. at shutdown); completes when written. */
  public Future<Void> flush(boolean all) {
    long now = System.nanoTime();
    List<Held> due = new ArrayList<>();
    held.forEach((key, h) -> {
      if ((all || now - h.dueNanos() >= 0) && held.remove(key, h)) {
        due.add(h);
      }
    });
    List<Future<Void>> writes = new ArrayList<>();
    for (int i = 0; i < due.size(); i += MAX_PER_STATEMENT) {
      List<Held> chunk = due.subList(i, Math.min(due.size(), i + MAX_PER_STATEMENT));
      writes.add(store.recordPending(pool, chunk.stream().map(Held::line).toList(),
              chunk.stream().map(Held::event).toList())
          .onFailure(err -> LOG.atWarn().addKeyValue("calls", chunk.size()).addKeyValue("error", String.valueOf(err))
              .log("incoming calls not recorded pending; their final webhook or the reconciler records them")));
    }
    return Future.join(writes).<Void>mapEmpty().otherwiseEmpty();
  }

  private static String key(String accountSid, String callSid) {
    return accountSid + "/" + callSid;
  }
}
