package com.missedcall.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Waits, from the test thread, until outbox jobs are settled for good: every selected job is terminal
 * ({@code done}, {@code failed}, {@code cancelled}) AND the lease of its last claim has passed, so a
 * worker still holding an older claim can no longer act on it. Only then may an "exactly once" test count
 * what was sent: a duplicate sent by a late worker shows up before this returns.
 *
 * <p>The last claim's lease ends before the job's last settle ({@code updated_at}) plus the lease, because every
 * claim precedes that settle; PostgreSQL's clock decides, so the test machine's clock does not matter.
 */
public final class OutboxSettled {
  private static final String STATE = """
      SELECT count(*) AS jobs,
             count(*) FILTER (WHERE %1$s NOT IN ('done', 'failed', 'cancelled')) AS open,
             coalesce(now() > max(updated_at) + make_interval(secs => ?), false) AS past_lease,
             string_agg(id || ':' || %1$s || '#' || attempts, ', ' ORDER BY id) AS detail
        FROM %2$s WHERE id IN (%3$s)""";

  private final TestDatabase db;
  private final Duration lease;
  private final Duration timeout;

  private OutboxSettled(TestDatabase db, Duration lease, Duration timeout) {
    this.db = db;
    this.lease = lease;
    this.timeout = timeout;
  }

  /** For a gateway whose job lease is {@code lease} ({@code JOB_LEASE_SECONDS}); waits up to 60 s. */
  public static OutboxSettled in(TestDatabase db, Duration lease) {
    return new OutboxSettled(db, lease, Duration.ofSeconds(60));
  }

  public OutboxSettled atMost(Duration timeout) {
    return new OutboxSettled(db, lease, timeout);
  }

  /** Every outbound text to {@code phone} (text-backs, replies, alerts): each message carries its send state. */
  public void textsTo(String phone) {
    messages("SELECT id FROM messages WHERE to_number = ? AND send_status IS NOT NULL", phone);
  }

  /** Every outbound text of a workspace. */
  public void textsOf(long workspaceId) {
    messages("SELECT id FROM messages WHERE workspace_id = ? AND send_status IS NOT NULL", workspaceId);
  }

  /** The outbound texts whose message ids {@code messageIdsSql} selects (at least one must exist), as {@link #jobs}. */
  public void messages(String messageIdsSql, Object... args) {
    await("messages", "send_status", messageIdsSql, args);
  }

  /** Every outbound-webhook delivery to an endpoint. */
  public void webhooksTo(long endpointId) {
    jobs("SELECT id FROM jobs WHERE kind = 'webhook' AND (payload ->> 'delivery_id')::bigint IN "
        + "(SELECT id FROM webhook_deliveries WHERE endpoint_id = ?)", endpointId);
  }

  /**
   * The jobs whose ids {@code jobIdsSql} selects (at least one must exist); fails with the jobs' states when
   * they are not settled and past their lease within the timeout.
   */
  public void jobs(String jobIdsSql, Object... args) {
    await("jobs", "status", jobIdsSql, args);
  }

  private void await(String table, String statusColumn, String idsSql, Object[] args) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no query ran";
    while (true) {
      State state = state(table, statusColumn, idsSql, args);
      if (state.jobs() > 0 && state.open() == 0 && state.pastLease()) {
        return;
      }
      last = state.toString();
      if (System.nanoTime() > deadline) {
        throw new AssertionError(table + " not settled past their lease within " + timeout + ": " + last);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + table + " to settle: " + last, e);
      }
    }
  }

  private record State(long jobs, long open, boolean pastLease, String detail) {}

  private State state(String table, String statusColumn, String idsSql, Object[] args) {
    List<Object> all = new ArrayList<>();
    all.add(lease.toMillis() / 1000.0);
    all.addAll(List.of(args));
    try (Connection c = db.connect(); var ps = c.prepareStatement(STATE.formatted(statusColumn, table, idsSql))) {
      for (int i = 0; i < all.size(); i++) {
        ps.setObject(i + 1, all.get(i));
      }
      try (var rs = ps.executeQuery()) {
        rs.next();
        return new State(rs.getLong("jobs"), rs.getLong("open"), rs.getBoolean("past_lease"), rs.getString("detail"));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the state of " + table + ": " + idsSql, e);
    }
  }
}
