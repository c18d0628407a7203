package com.missedcall.admin.exports;

import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.workspaces.WorkspaceStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV exports of a workspace's leads and calls over a date range, streamed from a PostgreSQL cursor into the
 * response with back-pressure: memory stays flat whatever the range, and a client that goes away closes the
 * cursor. The workspace is checked to be the caller's before anything is written (404 like a missing one).
 */
public final class CsvExportRoutes {
  /** Rows fetched from the cursor at a time. */
  static final int FETCH = 500;
  static final int DEFAULT_DAYS = 30;

  private final Pool pool;
  private final WorkspaceStore workspaces;

  public CsvExportRoutes(Pool pool, WorkspaceStore workspaces) {
    this.pool = pool;
    this.workspaces = workspaces;
  }

  public void bind(Operations ops) {
    ops.handle("exportLeadsCsv", ctx -> export(ctx, "leads", ExportQueries.LEADS, ExportQueries.LEAD_COLUMNS));
    ops.handle("exportCallsCsv", ctx -> export(ctx, "calls", ExportQueries.CALLS, ExportQueries.CALL_COLUMNS));
    ops.handle("exportOptOutLedgerCsv", this::exportLedger);
  }

  /** The whole opt-out ledger of the workspace (hashes, when, source), streamed like the other exports. */
  private void exportLedger(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long workspaceId = Params.of(ctx).pathLong("workspaceId");
    workspaces.exists(pool, caller.agencyId(), workspaceId)
        .compose(mine -> {
          if (!mine) {
            return Future.failedFuture(ApiProblem.notFound("workspace"));
          }
          String filename = "opt-out-ledger-workspace-" + workspaceId + ".csv";
          return pool.withTransaction(conn -> conn.prepare(ExportQueries.LEDGER)
              .compose(statement -> pipe(ctx, filename, ExportQueries.LEDGER_COLUMNS,
                  statement.createStream(FETCH, Tuple.of(workspaceId)))));
        })
        .onSuccess(v -> ctx.response().end())
        .onFailure(ctx::fail);
  }

  private void export(RoutingContext ctx, String what, String sql, List<String> columns) {
    Caller caller = Caller.of(ctx);
    Params p = Params.of(ctx);
    long workspaceId = p.pathLong("workspaceId");
    workspaces.find(pool, caller.agencyId(), workspaceId)
        .map(found -> found.orElseThrow(() -> ApiProblem.notFound("workspace")))
        .compose(ws -> {
          ZoneId zone = ZoneId.of(ws.getString("timezone"));
          Range range = Range.of(p.query("from"), p.query("to"), zone);
          String filename = what + "-workspace-" + workspaceId + "-" + range.from() + "-to-" + range.to() + ".csv";
          Tuple args = Tuple.of(workspaceId, range.start(zone), range.end(zone));
          return pool.withTransaction(conn -> conn.prepare(sql)
              .compose(statement -> pipe(ctx, filename, columns, statement.createStream(FETCH, args))));
        })
        .onSuccess(v -> ctx.response().end())
        .onFailure(ctx::fail);
  }

  /** Writes the header, then each row as it comes, pausing the cursor while the client is slower than the database. */
  private static Future<Void> pipe(RoutingContext ctx, String filename, List<String> columns, RowStream<Row> rows) {
    HttpServerResponse response = ctx.response();
    Promise<Void> done = Promise.promise();
    response.setChunked(true)
        .putHeader("Content-Type", "text/csv; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"" + filename + "\"")
        .putHeader("Cache-Control", "no-store");
    response.write(Csv.line(columns));
    response.closeHandler(v -> {
      rows.close();
      done.tryFail(new IllegalStateException("the client closed the connection during the export"));
    });
    rows.exceptionHandler(done::tryFail);
    rows.endHandler(v -> done.tryComplete());
    rows.handler(row -> {
      List<Object> cells = new ArrayList<>(columns.size());
      for (String column : columns) {
        cells.add(row.getValue(column));
      }
      response.write(Csv.line(cells));
      if (response.writeQueueFull()) {
        rows.pause();
        response.drainHandler(d -> rows.resume());
      }
    });
    return done.future();
  }

  /** Whole days in the workspace's timezone, both included. */
  record Range(LocalDate from, LocalDate to) {
    static Range of(String fromText, String toText, ZoneId zone) {
      LocalDate to = toText == null ? LocalDate.now(zone) : date(toText);
      LocalDate from = fromText == null ? to.minusDays(DEFAULT_DAYS - 1) : date(fromText);
      if (to.isBefore(from)) {
        throw ApiProblem.invalid("invalid_range", "'to' (" + to + ") is before 'from' (" + from + ")");
      }
      return new Range(from, to);
    }

    OffsetDateTime start(ZoneId zone) {
      return from.atStartOfDay(zone).toOffsetDateTime();
    }

    OffsetDateTime end(ZoneId zone) {
      return to.plusDays(1).atStartOfDay(zone).toOffsetDateTime();
    }

    private static LocalDate date(String text) {
      try {
        return LocalDate.parse(text);
      } catch (DateTimeParseException e) {
        throw ApiProblem.invalid("invalid_date", "'" + text + "' is not a date such as 2024-05-31");
      }
    }
  }
}
