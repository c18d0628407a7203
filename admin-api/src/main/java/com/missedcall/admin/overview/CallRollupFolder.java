package com.missedcall.admin.overview;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the overview's hourly call counts ({@code call_rollup_hourly}) current: every interval it folds
 * the calls that changed since the last fold, outside any decision transaction. The fold recomputes
 * whole buckets, so running it twice, or in several processes at once (the state row's lock lets one
 * through, the others skip), gives the same counts. One fold at a time per process.
 */
public final class CallRollupFolder extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(CallRollupFolder.class);
  static final String FOLD = "SELECT buckets, caught_up FROM call_rollup_fold()";

  private final Pool pool;
  private final Duration interval;
  private long timer;
  private Future<Fold> running = Future.succeededFuture();
  private boolean stopping;

  public CallRollupFolder(Pool pool, Duration interval) {
    this.pool = pool;
    this.interval = interval;
  }

  /** What one fold did: buckets recomputed (-1 when another process was folding), and whether it caught up. */
  public record Fold(int buckets, boolean caughtUp) {}

  public static Future<Fold> fold(SqlClient db) {
    return db.query(FOLD).execute().map(rows -> {
      var r = rows.iterator().next();
      return new Fold(r.getInteger("buckets"), r.getBoolean("caught_up"));
    });
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(0, interval.toMillis(), id -> tick());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(timer);
    return running.otherwiseEmpty();
  }

  private void tick() {
    if (!running.isComplete() || stopping) {
      return;
    }
    long started = System.nanoTime();
    running = fold(pool)
        .onSuccess(fold -> {
          LOG.atDebug().addKeyValue("buckets", fold.buckets()).addKeyValue("caught_up", fold.caughtUp())
              .addKeyValue("ms", (System.nanoTime() - started) / 1_000_000).log("call rollup folded");
          if (fold.buckets() >= 0 && !fold.caughtUp()) {
            vertx.runOnContext(v -> tick()); // catching up (a first fold, or after a burst): next batch now
          }
        })
        .onFailure(err -> LOG.atWarn().addKeyValue("error", String.valueOf(err)).log("call rollup fold failed"));
  }
}
