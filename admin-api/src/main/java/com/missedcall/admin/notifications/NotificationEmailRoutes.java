package com.missedcall.admin.notifications;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Cursor;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Page;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.workspaces.WorkspaceStore;
import com.missedcall.recovery.email.EmailOutbox;
import com.missedcall.recovery.email.EmailTemplates;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/**
 * A workspace's notification emails: which types go to which address, a test notification to every address, and
 * every email with its delivery status (sent, pending with the last error while it is retried, failed).
 */
public final class NotificationEmailRoutes {
  private final Pool pool;
  private final NotificationEmailStore store = new NotificationEmailStore();
  private final WorkspaceStore workspaces;
  private final AuditLog audit;

  public NotificationEmailRoutes(Pool pool, WorkspaceStore workspaces, AuditLog audit) {
    this.pool = pool;
    this.workspaces = workspaces;
    this.audit = audit;
  }

  public void bind(Operations ops) {
    ops.json("listNotificationEmails", ctx -> {
      Caller caller = Caller.of(ctx);
      long id = Params.of(ctx).pathLong("workspaceId");
      return workspaces.requireOwn(pool, caller.agencyId(), id)
          .compose(v -> store.list(pool, caller.agencyId(), id))
          .map(list -> new JsonObject().put("data", list).put("next_cursor", null));
    });
    ops.created("createNotificationEmail", this::create);
    ops.noContent("deleteNotificationEmail", this::delete);
    ops.json("sendTestNotification", this::test);
    ops.json("listEmails", this::deliveries);
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Params p = Params.of(ctx);
    long workspaceId = p.pathLong("workspaceId");
    JsonObject body = p.body();
    String address = body.getString("address");
    JsonArray types = body.getJsonArray("types");
    return pool.withTransaction(conn -> workspaces.lock(conn, caller.agencyId(), workspaceId)
        .compose(mine -> mine ? store.insert(conn, workspaceId, address, types)
            : Future.failedFuture(ApiProblem.notFound("workspace")))
        .compose(created -> created.map(json -> audit.record(conn, caller, "notification_email.create",
                "notification_email", json.getLong("id"), new JsonObject().put("address", json.getString("address"))
                    .put("types", json.getJsonArray("types")).put("workspace_id", workspaceId)).map(json))
            .orElseGet(() -> Future.failedFuture(ApiProblem.conflict("notification_email_exists",
                "This address already gets this workspace's notifications; delete it to change its types")))));
  }

  private Future<Void> delete(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("notificationEmailId");
    return pool.withTransaction(conn -> store.delete(conn, caller.agencyId(), id)
        .compose(deleted -> deleted.map(json -> audit.record(conn, caller, "notification_email.delete",
                "notification_email", id, new JsonObject().put("address", json.getString("address"))))
            .orElseGet(() -> Future.failedFuture(ApiProblem.notFound("notification_email")))));
  }

  /** One test email to every address of the workspace, through the same outbox as every notification. */
  private Future<JsonObject> test(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long workspaceId = Params.of(ctx).pathLong("workspaceId");
    return pool.withTransaction(conn -> workspaces.lock(conn, caller.agencyId(), workspaceId)
        .compose(mine -> mine ? workspaces.find(conn, caller.agencyId(), workspaceId)
            : Future.failedFuture(ApiProblem.notFound("workspace")))
        .compose(ws -> EmailOutbox.queue(conn, workspaceId, EmailOutbox.TEST, null,
            EmailTemplates.test(ws.orElseThrow().getString("name"))))
        .compose(jobs -> jobs.isEmpty()
            ? Future.failedFuture(ApiProblem.conflict("no_notification_emails",
                "Add an email address to this workspace's notifications first"))
            : audit.record(conn, caller, "notification.test", "workspace", workspaceId,
                new JsonObject().put("emails", jobs.size())).map(new JsonObject().put("emails_queued", jobs.size()))));
  }

  private Future<JsonObject> deliveries(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Params p = Params.of(ctx);
    long workspaceId = p.pathLong("workspaceId");
    int limit = p.queryInt("limit", 50);
    Cursor cursor = Cursor.decode(p.query("cursor"), "-id");
    return workspaces.requireOwn(pool, caller.agencyId(), workspaceId)
        .compose(v -> store.deliveries(pool, caller.agencyId(), workspaceId, p.query("status"),
            cursor == null ? null : cursor.number(), limit))
        .map(rows -> Page.of(rows, limit, NotificationEmailStore::delivery,
            r -> new Cursor("-id", String.valueOf(r.getLong("id")), r.getLong("id"))));
  }
}
