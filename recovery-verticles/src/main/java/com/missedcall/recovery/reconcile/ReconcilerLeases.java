package com.missedcall.recovery.reconcile;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;

/**
 * One reconciling process per Twilio account: a lease row in PostgreSQL ({@code reconciler_leases}, V11). A
 * holder renews its lease at each pass; once it stops renewing (crashed, partitioned, stopped) the lease
 * runs out and the next process to ask takes the account over. The lease only saves work: every step of a
 * pass is idempotent on CallSid/MessageSid, so two passes overlapping (a lease that ran out mid-pass) double
 * nothing.
 */
final class ReconcilerLeases {
  static final String TAKE = """
      INSERT INTO reconciler_leases AS l (account_sid, holder, lease_until)
      VALUES ($1, $2, now() + make_interval(secs => $3))
      ON CONFLICT (account_sid) DO UPDATE SET holder = EXCLUDED.holder, lease_until = EXCLUDED.lease_until
        WHERE l.lease_until < now() OR l.holder = EXCLUDED.holder
      RETURNING l.account_sid""";
  static final String SUCCEEDED = """
      UPDATE reconciler_leases SET last_success_at = now() WHERE account_sid = $1 AND holder = $2""";
  static final String RELEASE = """
      UPDATE reconciler_leases SET lease_until = now() WHERE holder = $1""";
  // when the least recently reconciled account last had a complete pass (one never passed: its first attempt)
  static final String OLDEST_PASS = """
      SELECT (extract(epoch FROM min(coalesce(l.last_success_at, l.created_at))) * 1000)::bigint AS oldest_ms
        FROM (SELECT DISTINCT account_sid FROM tracked_numbers WHERE active) a
        JOIN reconciler_leases l ON l.account_sid = a.account_sid""";

  private final Pool pool;
  private final String holder;
  private final double leaseSeconds;

  ReconcilerLeases(Pool pool, String holder, Duration lease) {
    this.pool = pool;
    this.holder = holder;
    this.leaseSeconds = lease.toMillis() / 1000.0;
  }

  /** Takes or renews the account's lease; false while another live process holds it. */
  Future<Boolean> take(String accountSid) {
    return pool.preparedQuery(TAKE).execute(Tuple.of(accountSid, holder, leaseSeconds)).map(rows -> rows.size() == 1);
  }

  Future<Void> succeeded(String accountSid) {
    return pool.preparedQuery(SUCCEEDED).execute(Tuple.of(accountSid, holder)).mapEmpty();
  }

  /** Gives this process's leases up (on stop), so another process takes over at its next tick. */
  Future<Void> releaseAll() {
    return pool.preparedQuery(RELEASE).execute(Tuple.of(holder)).mapEmpty();
  }

  /** Epoch milliseconds of the oldest account's last complete pass, or null when no account was tried yet. */
  Future<Long> oldestPass() {
    return pool.query(OLDEST_PASS).execute().map(rows -> rows.iterator().next().getLong("oldest_ms"));
  }
}
