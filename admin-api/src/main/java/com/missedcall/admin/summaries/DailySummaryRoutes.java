package com.missedcall.admin.summaries;

import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.workspaces.WorkspaceStore;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/** The daily summary's last days for the settings page; its settings are fields of the workspace. */
public final class DailySummaryRoutes {
  private final Pool pool;
  private final DailySummaryHistory history;
  private final WorkspaceStore workspaces;

  public DailySummaryRoutes(Pool pool, DailySummaryHistory history, WorkspaceStore workspaces) {
    this.pool = pool;
    this.history = history;
    this.workspaces = workspaces;
  }

  public void bind(Operations ops) {
    ops.json("listDailySummaries", ctx -> {
      Caller caller = Caller.of(ctx);
      Params p = Params.of(ctx);
      long id = p.pathLong("workspaceId");
      int limit = p.queryInt("limit", 14);
      return workspaces.requireOwn(pool, caller.agencyId(), id)
          .compose(v -> history.list(pool, caller.agencyId(), id, limit))
          .map(list -> new JsonObject().put("data", list).put("next_cursor", null));
    });
  }
}
