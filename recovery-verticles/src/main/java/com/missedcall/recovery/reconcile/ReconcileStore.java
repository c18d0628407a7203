package com.missedcall.recovery.reconcile;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What the gateway already recorded, as the reconciler asks it: the SQL of its reads of calls and messages. */
final class ReconcileStore {
  static final String ACCOUNTS = """
      SELECT account_sid, array_agg(DISTINCT phone_number ORDER BY phone_number) AS numbers
        FROM tracked_numbers WHERE active GROUP BY account_sid ORDER BY account_sid""";
  static final String DECIDED = """
      SELECT call_sid FROM calls WHERE account_sid = $1 AND call_sid = ANY($2) AND decision <> 'pending'""";
  static final String KNOWN_MESSAGES = """
      SELECT message_sid FROM messages WHERE message_sid = ANY($1)""";
  static final String STUCK = """
      SELECT call_sid FROM calls
       WHERE account_sid = $1 AND decision = 'pending'
         AND received_at < now() - make_interval(secs => $2) AND received_at > now() - make_interval(secs => $3)
       ORDER BY received_at LIMIT $4""";
  static final String MARK = """
      UPDATE calls SET source = 'reconciler' WHERE id = $1""";

  /** An account and its active tracked numbers. */
  record Account(String accountSid, List<String> numbers) {}

  private final Pool pool;

  ReconcileStore(Pool pool) {
    this.pool = pool;
  }

  Future<List<Account>> accounts() {
    return pool.query(ACCOUNTS).execute().map(rows -> {
      List<Account> accounts = new ArrayList<>();
      for (Row r : rows) {
        accounts.add(new Account(r.getString("account_sid"), List.of(r.getArrayOfStrings("numbers"))));
      }
      return accounts;
    });
  }

  /** Of these CallSids, the ones whose decision is taken (not missing, not pending). */
  Future<Set<String>> decided(String accountSid, List<String> callSids) {
    if (callSids.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return pool.preparedQuery(DECIDED).execute(Tuple.tuple().addString(accountSid).addArrayOfString(callSids.toArray(String[]::new)))
        .map(rows -> column(rows, "call_sid"));
  }

  /** Of these MessageSids, the ones stored already. */
  Future<Set<String>> knownMessages(List<String> messageSids) {
    if (messageSids.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return pool.preparedQuery(KNOWN_MESSAGES).execute(Tuple.tuple().addArrayOfString(messageSids.toArray(String[]::new)))
        .map(rows -> column(rows, "message_sid"));
  }

  /** Calls recorded when they came in, still pending after {@code grace}, received within {@code horizon}. */
  Future<List<String>> stuckPending(String accountSid, Duration grace, Duration horizon, int limit) {
    return pool.preparedQuery(STUCK)
        .execute(Tuple.of(accountSid, (double) grace.toSeconds(), (double) horizon.toSeconds(), limit))
        .map(rows -> new ArrayList<>(column(rows, "call_sid")));
  }

  /** The call's decision was taken by the reconciler (written after the decision committed). */
  Future<Void> markReconciled(long callId) {
    return pool.preparedQuery(MARK).execute(Tuple.of(callId)).mapEmpty();
  }

  private static Set<String> column(io.vertx.sqlclient.RowSet<Row> rows, String name) {
    Set<String> values = new HashSet<>();
    rows.forEach(r -> values.add(r.getString(name)));
    return values;
  }
}
