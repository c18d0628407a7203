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
  static final String FOLD = "SELECT call_rollup_fold() AS buckets";

  private final Pool pool;
  private final Duration interval;
  private long timer;
  private Future<Integer> running = Future.succeededFuture(0);

  public CallRollupFolder(Pool pool, Duration interval) {
    this.pool = pool;
    this.interval = interval;
  }

  /** One fold: the buckets recomputed, or -1 when another process was folding. */
  public static Future<Integer> fold(SqlClient db) {
    return db.query(FOLD).execute().map(rows -> rows.iterator().next().getInteger("buckets"));
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(0, interval.toMillis(), id -> tick());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return running.otherwiseEmpty();
  }

  private void tick() {
    if (!running.isComplete()) {
      return;
    }
    long started = System.nanoTime();
    running = fold(pool)
        .onSuccess(buckets -> {
          if (buckets > 0) {
            LOG.atDebug().addKeyValue("buckets", buckets)
                .addKeyValue("ms", (System.nanoTime() - started) / 1_000_000).log("call rollup folded");
          }
        })
        .onFailure(err -> LOG.atWarn().addKeyValue("error", String.valueOf(err)).log("call rollup fold failed"));
  }
}
