package com.missedcall.admin.notifications;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Cursor;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Page;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.workspaces.WorkspaceStore;
import com.missedcall.recovery.bus.Addresses;
import com.missedcall.recovery.email.EmailOutbox;
import com.missedcall.recovery.email.EmailTemplates;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
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
  private final EventBus bus;

  public NotificationEmailRoutes(Pool pool, WorkspaceStore workspaces, AuditLog audit, EventBus bus) {
    this.pool = pool;
    this.workspaces = workspaces;
    this.audit = audit;
    this.bus = bus;
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

  /**
   * One test notification to every destination of the workspace, through the same outboxes as every notification:
   * an email to each address, and a text to each notification number (team, alert, on-call, voice alert; each phone
   * once) from the workspace's first active number. 409 {@code no_notification_destinations} when it has neither.
   */
  private Future<JsonObject> test(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long workspaceId = Params.of(ctx).pathLong("workspaceId");
    return pool.withTransaction(conn -> workspaces.lock(conn, caller.agencyId(), workspaceId)
        .compose(mine -> mine ? workspaces.find(conn, caller.agencyId(), workspaceId)
            : Future.failedFuture(ApiProblem.notFound("workspace")))
        .compose(ws -> {
          String business = ws.orElseThrow().getString("name");
          return EmailOutbox.queue(conn, workspaceId, EmailOutbox.TEST, null, EmailTemplates.test(business))
              .compose(emails -> store.testTexts(conn, workspaceId, business).map(texts -> new JsonObject()
                  .put("emails_queued", emails.size()).put("texts_queued", texts.size())
                  .put("text_ids", new JsonArray(texts))));
        })
        .compose(queued -> queued.getInteger("emails_queued") + queued.getInteger("texts_queued") == 0
            ? Future.failedFuture(ApiProblem.conflict("no_notification_destinations",
                "Add an email address or a team number to this workspace's notifications first"))
            : audit.record(conn, caller, "notification.test", "workspace", workspaceId, new JsonObject()
                .put("emails", queued.getInteger("emails_queued")).put("texts", queued.getInteger("texts_queued")))
                .map(queued)))
        .map(queued -> {
          // the texts wait in the outbox; waking a sender sends them now instead of at its next sweep
          for (Object id : (JsonArray) queued.remove("text_ids")) {
            bus.send(Addresses.SMS_JOB_READY, (Long) id);
          }
          return queued;
        });
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
