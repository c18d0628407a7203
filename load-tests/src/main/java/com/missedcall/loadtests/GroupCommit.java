package com.missedcall.loadtests;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit for the durable-chain ceiling: the calls that arrive while a statement is running wait
 * and go together in the next one, so one statement (one transaction, one WAL flush) writes the calls,
 * leads and jobs of a whole batch. Runs on one event loop (one instance per verticle): no locks.
 */
final class GroupCommit {
  /** One missed call to make durable. */
  record Call(String callSid, String caller, String called) {}

  private record Waiting(Call call, Promise<Void> done) {}

  private final Pool pool;
  private final String sql;
  private final int maxBatch;
  private final int maxInFlight;
  private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
  private int inFlight;
  private long batches;
  private long calls;

  GroupCommit(Pool pool, String sql, int maxBatch, int maxInFlight) {
    this.pool = pool;
    this.sql = sql;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
  }

  /** Completes once the call's statement has committed; fails with the statement. */
  Future<Void> submit(Call call) {
    Promise<Void> done = Promise.promise();
    queue.add(new Waiting(call, done));
    flush();
    return done.future();
  }

  long batches() {
    return batches;
  }

  long calls() {
    return calls;
  }

  private void flush() {
    while (inFlight < maxInFlight && !queue.isEmpty()) {
      List<Waiting> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
      while (batch.size() < maxBatch && !queue.isEmpty()) {
        batch.add(queue.poll());
      }
      String[] sids = new String[batch.size()];
      String[] callers = new String[batch.size()];
      String[] called = new String[batch.size()];
      for (int i = 0; i < batch.size(); i++) {
        sids[i] = batch.get(i).call().callSid();
        callers[i] = batch.get(i).call().caller();
        called[i] = batch.get(i).call().called();
      }
      inFlight++;
      batches++;
      calls += batch.size();
      pool.preparedQuery(sql).execute(Tuple.tuple().addArrayOfString(sids).addArrayOfString(callers)
              .addArrayOfString(called))
          .onComplete(ar -> {
            inFlight--;
            for (Waiting w : batch) {
              if (ar.succeeded()) {
                w.done().complete();
              } else {
                w.done().fail(ar.cause());
              }
            }
            flush();
          });
    }
  }
}
