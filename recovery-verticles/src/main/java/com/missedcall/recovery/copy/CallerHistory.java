package com.missedcall.recovery.copy;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * What the copy may know of a caller before the decision: a returning caller is a lead of the workspace that
 * already had a conversation or was won; the first name is what an earlier intake gave. Asked only for
 * workspaces whose copy depends on it ({@link TextBackCopy#dependsOnCaller}), alongside the Redis fast path. The
 * decision's lead lock is not held here: a caller's second call racing the first may still get first-time copy.
 * A failed look-up is first-time copy, never a lost text-back.
 */
public final class CallerHistory {
  static final String LOOK_UP = """
      SELECT l.stage = 'won' OR EXISTS (SELECT 1 FROM conversations c WHERE c.lead_id = l.id) AS returning,
             l.first_name
        FROM leads l
       WHERE l.workspace_id = $1 AND l.caller = $2""";

  private final Pool pool;

  public CallerHistory(Pool pool) {
    this.pool = pool;
  }

  public Future<CallerFacts> lookUp(long workspaceId, String caller) {
    return pool.preparedQuery(LOOK_UP).execute(Tuple.of(workspaceId, caller))
        .map(rows -> {
          if (rows.size() == 0) {
            return CallerFacts.FIRST_TIME;
          }
          Row r = rows.iterator().next();
          return new CallerFacts(Boolean.TRUE.equals(r.getBoolean("returning")) ? CallerKind.RETURNING
              : CallerKind.FIRST_TIME, r.getString("first_name"), null);
        })
        .otherwise(CallerFacts.FIRST_TIME);
  }
}
