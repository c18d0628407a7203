package com.missedcall.recovery.work;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How one table's leased work is claimed and given back, for a {@link LeaseEngine}. Every claim selects its rows
 * {@code FOR UPDATE SKIP LOCKED} (so any number of workers in any number of processes share the table without
 * waiting on each other), marks them running, counts the attempt and sets the lease; every settle is fenced by
 * the claim's {@link Fence} (id and attempt, still running). Parameters, by position:
 * <ul>
 *   <li>{@code claimOne}: $1 lease seconds, $2 the row's id, then {@code extraArgs} (null: a wake-up sweeps instead)</li>
 *   <li>{@code claimDue}: $1 lease seconds, $2 how many at most, then {@code extraArgs}; due rows and rows whose
 *       lease expired</li>
 *   <li>{@code retry}: $1 id, $2 attempt, $3 delay seconds, $4 error (null: a failed handler's claim simply expires)</li>
 *   <li>{@code fail}: $1 id, $2 attempt, $3 error</li>
 * </ul>
 *
 * @param reader one claimed row as the worker's job
 */
public record ClaimSql<J extends Claim>(String claimOne, String claimDue, List<Object> extraArgs,
                                        Function<Row, J> reader, String retry, String fail) {

  public ClaimSql {
    extraArgs = List.copyOf(extraArgs);
    if ((retry == null) != (fail == null)) {
      throw new IllegalArgumentException("a table that retries failed work must also be able to fail it");
    }
  }

  /** Claims the row {@code id} if it is due and nobody holds it; empty otherwise. */
  public Future<List<J>> claimOne(SqlClient db, long id, Duration lease) {
    return db.preparedQuery(claimOne).execute(args(seconds(lease), id)).map(this::read);
  }

  /** Claims up to {@code limit} due rows (and rows whose lease expired), the longest due first. */
  public Future<List<J>> claimDue(SqlClient db, int limit, Duration lease) {
    return db.preparedQuery(claimDue).execute(args(seconds(lease), limit)).map(this::read);
  }

  /** Back to pending in {@code delay}; fenced. */
  public Future<Void> retry(SqlClient db, J job, Duration delay, String error) {
    Fence f = job.fence();
    return f.applied(db.preparedQuery(retry).execute(Tuple.of(f.id(), f.attempt(), seconds(delay), error)));
  }

  /** Failed for good; fenced. */
  public Future<Void> fail(SqlClient db, J job, String error) {
    Fence f = job.fence();
    return f.applied(db.preparedQuery(fail).execute(Tuple.of(f.id(), f.attempt(), error)));
  }

  public boolean retries() {
    return retry != null;
  }

  private Tuple args(Object first, Object second) {
    Tuple t = Tuple.of(first, second);
    extraArgs.forEach(t::addValue);
    return t;
  }

  private List<J> read(RowSet<Row> rows) {
    List<J> jobs = new ArrayList<>(rows.size());
    rows.forEach(r -> jobs.add(reader.apply(r)));
    return jobs;
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
