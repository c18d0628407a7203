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
             count(*) FILTER (WHERE status NOT IN ('done', 'failed', 'cancelled')) AS open,
             coalesce(now() > max(updated_at) + make_interval(secs => ?), false) AS past_lease,
             string_agg(id || ':' || status || '#' || attempts, ', ' ORDER BY id) AS detail
        FROM jobs WHERE id IN (%s)""";

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

  /** Every outbound text to {@code phone} (text-backs, replies, alerts). */
  public void textsTo(String phone) {
    jobs("SELECT job_id FROM messages WHERE to_number = ? AND job_id IS NOT NULL", phone);
  }

  /** Every outbound text of a workspace. */
  public void textsOf(long workspaceId) {
    jobs("SELECT id FROM jobs WHERE workspace_id = ? AND kind IN ('textback', 'sms')", workspaceId);
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
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no query ran";
    while (true) {
      State state = state(jobIdsSql, args);
      if (state.jobs() > 0 && state.open() == 0 && state.pastLease()) {
        return;
      }
      last = state.toString();
      if (System.nanoTime() > deadline) {
        throw new AssertionError("jobs not settled past their lease within " + timeout + ": " + last);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for jobs to settle: " + last, e);
      }
    }
  }

  private record State(long jobs, long open, boolean pastLease, String detail) {}

  private State state(String jobIdsSql, Object[] args) {
    List<Object> all = new ArrayList<>();
    all.add(lease.toMillis() / 1000.0);
    all.addAll(List.of(args));
    try (Connection c = db.connect(); var ps = c.prepareStatement(STATE.formatted(jobIdsSql))) {
      for (int i = 0; i < all.size(); i++) {
        ps.setObject(i + 1, all.get(i));
      }
      try (var rs = ps.executeQuery()) {
        rs.next();
        return new State(rs.getLong("jobs"), rs.getLong("open"), rs.getBoolean("past_lease"), rs.getString("detail"));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the jobs' state: " + jobIdsSql, e);
    }
  }
}
