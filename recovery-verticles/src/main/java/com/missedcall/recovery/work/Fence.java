package com.missedcall.recovery.work;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

/**
 * The fencing token of one claim: the job's id and the attempt the claim made it. Every settle matches both
 * (and the row still running) in its {@code WHERE}, so a worker whose lease expired and was claimed again
 * (attempt + 1) changes nothing when it finally settles.
 */
public record Fence(long id, int attempt) {

  /** Completes when the fenced settle matched exactly its row; fails with {@link StaleClaim} otherwise. */
  public Future<Void> applied(Future<RowSet<Row>> settle) {
    return settle.compose(rows -> rows.rowCount() == 1 || rows.size() == 1
        ? Future.<Void>succeededFuture() : stale());
  }

  public <T> Future<T> stale() {
    return Future.failedFuture(new StaleClaim(this));
  }
}
