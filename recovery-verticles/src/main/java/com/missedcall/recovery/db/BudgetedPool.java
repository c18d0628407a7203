package com.missedcall.recovery.db;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.TransactionPropagation;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collector;

/**
 * The main pool as one priority class sees it: every statement, transaction and borrowed connection runs
 * under a {@link DatabaseBudget} permit of that class, held until the statement, the transaction or the
 * borrowed function completes. Stores keep using the {@link Pool} API; which class their work is is decided
 * where they are built. A connection taken with {@link #getConnection()} holds its permit until it is closed.
 */
final class BudgetedPool implements Pool {
  private final Pool pool;
  private final DatabaseBudget budget;
  private final WorkPriority priority;

  BudgetedPool(Pool pool, DatabaseBudget budget, WorkPriority priority) {
    this.pool = pool;
    this.budget = budget;
    this.priority = priority;
  }

  private <T> Future<T> run(Supplier<Future<T>> work) {
    return budget.run(priority, work);
  }

  @Override
  public Future<SqlConnection> getConnection() {
    return budget.acquire(priority).compose(permit -> pool.getConnection()
        .andThen(ar -> {
          if (ar.failed()) {
            permit.release(false);
          } else {
            ar.result().closeHandler(v -> permit.release(false));
          }
        }));
  }

  @Override
  public Query<RowSet<Row>> query(String sql) {
    return new BudgetedQuery<>(pool.query(sql));
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
    return new BudgetedPreparedQuery<>(pool.preparedQuery(sql));
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
    return new BudgetedPreparedQuery<>(pool.preparedQuery(sql, options));
  }

  @Override
  public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> function) {
    return run(() -> pool.withTransaction(function));
  }

  @Override
  public <T> Future<T> withTransaction(TransactionPropagation txPropagation, Function<SqlConnection, Future<T>> function) {
    return run(() -> pool.withTransaction(txPropagation, function));
  }

  @Override
  public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> function) {
    return run(() -> pool.withConnection(function));
  }

  @Override
  public int size() {
    return pool.size();
  }

  /** Views share the pool: closing is the owner's job (the process closes the pool itself). */
  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  private class BudgetedQuery<T> implements Query<T> {
    private final Query<T> query;

    BudgetedQuery(Query<T> query) {
      this.query = query;
    }

    @Override
    public Future<T> execute() {
      return run(query::execute);
    }

    @Override
    public <R> Query<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
      return new BudgetedQuery<>(query.collecting(collector));
    }

    @Override
    public <U> Query<RowSet<U>> mapping(Function<Row, U> mapper) {
      return new BudgetedQuery<>(query.mapping(mapper));
    }
  }

  private final class BudgetedPreparedQuery<T> implements PreparedQuery<T> {
    private final PreparedQuery<T> query;

    BudgetedPreparedQuery(PreparedQuery<T> query) {
      this.query = query;
    }

    @Override
    public Future<T> execute() {
      return run(query::execute);
    }

    @Override
    public Future<T> execute(Tuple tuple) {
      return run(() -> query.execute(tuple));
    }

    @Override
    public Future<T> executeBatch(List<Tuple> batch) {
      return run(() -> query.executeBatch(batch));
    }

    @Override
    public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
      return new BudgetedPreparedQuery<>(query.collecting(collector));
    }

    @Override
    public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) {
      return new BudgetedPreparedQuery<>(query.mapping(mapper));
    }
  }
}
