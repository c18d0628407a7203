package com.missedcall.admin.audit;

import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.Cursor;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Page;
import com.missedcall.admin.http.Params;
import io.vertx.sqlclient.Pool;

/** The agency's audit log, newest first. */
public final class AuditRoutes {
  private final Pool pool;
  private final AuditLog audit;

  public AuditRoutes(Pool pool, AuditLog audit) {
    this.pool = pool;
    this.audit = audit;
  }

  public void bind(Operations ops) {
    ops.json("listAuditLog", ctx -> {
      Params p = Params.of(ctx);
      int limit = p.queryInt("limit", 50);
      Cursor cursor = Cursor.decode(p.query("cursor"), "-id");
      return audit.list(pool, Caller.of(ctx).agencyId(), cursor == null ? null : cursor.number(),
              p.query("target_type"), p.query("target_id"), limit)
          .map(rows -> Page.of(rows, limit, AuditLog::toJson,
              r -> new Cursor("-id", String.valueOf(r.getLong("id")), r.getLong("id"))));
    });
  }
}
