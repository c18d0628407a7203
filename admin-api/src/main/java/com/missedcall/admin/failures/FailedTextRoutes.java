package com.missedcall.admin.failures;

import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.Cursor;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Page;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.workspaces.WorkspaceStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/** The failed-text view: texts that did not go out or were not delivered, filterable by Twilio error code. */
public final class FailedTextRoutes {
  private static final String SORT = "-id";
  private final Pool pool;
  private final FailedTextStore store;
  private final WorkspaceStore workspaces;

  public FailedTextRoutes(Pool pool, FailedTextStore store, WorkspaceStore workspaces) {
    this.pool = pool;
    this.store = store;
    this.workspaces = workspaces;
  }

  public void bind(Operations ops) {
    ops.json("listFailedTexts", ctx -> {
      Params p = Params.of(ctx);
      long agency = Caller.of(ctx).agencyId();
      Long workspaceId = p.queryLong("workspace_id");
      Long code = p.queryLong("error_code");
      int limit = p.queryInt("limit", 50);
      Cursor cursor = Cursor.decode(p.query("cursor"), SORT);
      return workspaces.requireOwn(pool, agency, workspaceId)
          .compose(v -> store.list(pool, agency, workspaceId, code == null ? null : code.intValue(),
              cursor == null ? null : cursor.number(), limit))
          .map(rows -> Page.of(rows, limit, FailedTextStore::toJson,
              r -> new Cursor(SORT, String.valueOf(r.getLong("id")), r.getLong("id"))))
          .compose(page -> cursor != null ? Future.succeededFuture(page)
              : store.byCode(pool, agency, workspaceId).map(codes -> page.put("by_code", codes)));
    });
  }
}
