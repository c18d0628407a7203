package com.missedcall.admin.webhooks;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.ApiKeys;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Cursor;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Page;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.webhooks.destination.WebhookTargetGuard;
import com.missedcall.admin.webhooks.destination.WebhookTargetRefused;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outbound webhook endpoints: register (the signing secret is in that answer only), change, delete,
 * rotate the secret, send a test event now, and see every delivery with its attempts. A URL the
 * {@link WebhookTargetGuard} refuses is answered 400 with the refusal's code and nothing is stored.
 */
public final class WebhookRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookRoutes.class);

  private final Pool pool;
  private final WebhookEndpointStore endpoints;
  private final WebhookDeliveryStore deliveries;
  private final WebhookSender sender;
  private final AuditLog audit;
  private final WebhookTargetGuard guard;

  public WebhookRoutes(Pool pool, WebhookEndpointStore endpoints, WebhookDeliveryStore deliveries,
                       WebhookSender sender, AuditLog audit, WebhookTargetGuard guard) {
    this.guard = guard;
    this.pool = pool;
    this.endpoints = endpoints;
    this.deliveries = deliveries;
    this.sender = sender;
    this.audit = audit;
  }

  public void bind(Operations ops) {
    ops.json("listWebhooks", this::list);
    ops.created("createWebhook", this::create);
    ops.json("getWebhook", ctx -> get(Caller.of(ctx), Params.of(ctx).pathLong("webhookId")));
    ops.json("updateWebhook", this::update);
    ops.noContent("deleteWebhook", this::delete);
    ops.json("rotateWebhookSecret", this::rotate);
    ops.json("testWebhook", this::test);
    ops.json("listWebhookDeliveries", this::deliveries);
  }

  private Future<JsonObject> get(Caller caller, long id) {
    return endpoints.find(pool, caller.agencyId(), id).map(found -> found.orElseThrow(() -> ApiProblem.notFound("webhook")));
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    Params p = Params.of(ctx);
    int limit = p.queryInt("limit", 50);
    Cursor cursor = Cursor.decode(p.query("cursor"), "id");
    return endpoints.list(pool, Caller.of(ctx).agencyId(), cursor == null ? null : cursor.number(), limit)
        .map(rows -> Page.of(rows, limit, endpoints::toJson,
            r -> new Cursor("id", String.valueOf(r.getLong("id")), r.getLong("id"))));
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    JsonObject body = Params.of(ctx).body();
    String secret = "whsec_" + ApiKeys.random(32);
    return vetUrl(caller, body.getString("url")).compose(ok -> pool.withTransaction(conn -> endpoints.insert(conn, caller.agencyId(), body, secret)
            .compose(id -> endpoints.find(conn, caller.agencyId(), id).map(Optional::get))
            .compose(created -> audit.record(conn, caller, "webhook.create", "webhook", created.getLong("id"),
                AuditLog.diff(null, created, java.util.List.of("url", "events", "description", "active"))).map(created))))
        .map(created -> created.put("secret", secret));
  }

  private Future<JsonObject> update(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Params p = Params.of(ctx);
    long id = p.pathLong("webhookId");
    JsonObject body = p.body();
    Future<Void> vetted = body.containsKey("url") ? vetUrl(caller, body.getString("url")) : Future.succeededFuture();
    return vetted.compose(ok -> pool.withTransaction(conn -> endpoints.lock(conn, caller.agencyId(), id)
        .compose(mine -> mine ? endpoints.find(conn, caller.agencyId(), id).map(Optional::get)
            : Future.failedFuture(ApiProblem.notFound("webhook")))
        .compose(before -> endpoints.update(conn, id, body)
            .compose(v -> endpoints.find(conn, caller.agencyId(), id).map(Optional::get))
            .compose(after -> {
              JsonObject changes = AuditLog.diff(before, after, body.fieldNames());
              return changes.isEmpty() ? Future.succeededFuture(after)
                  : audit.record(conn, caller, "webhook.update", "webhook", id, changes).map(after);
            }))));
  }

  /** A URL the guard refuses becomes a 400 with the refusal's code; one that merely does not resolve now passes. */
  private Future<Void> vetUrl(Caller caller, String url) {
    return guard.check(url).recover(err -> {
      if (err instanceof WebhookTargetRefused refused) {
        LOG.atInfo().addKeyValue("agencyId", caller.agencyId()).addKeyValue("code", refused.code())
            .addKeyValue("reason", refused.reason()).log("webhook URL refused at registration");
        return Future.failedFuture(ApiProblem.invalid(refused.code(), refused.getMessage()));
      }
      return Future.failedFuture(err);
    });
  }

  private Future<Void> delete(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("webhookId");
    return pool.withTransaction(conn -> endpoints.delete(conn, caller.agencyId(), id)
        .compose(deleted -> deleted
            ? audit.record(conn, caller, "webhook.delete", "webhook", id, new JsonObject())
            : Future.failedFuture(ApiProblem.notFound("webhook"))));
  }

  private Future<JsonObject> rotate(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("webhookId");
    String secret = "whsec_" + ApiKeys.random(32);
    return pool.withTransaction(conn -> endpoints.lock(conn, caller.agencyId(), id)
            .compose(mine -> mine ? endpoints.setSecret(conn, caller.agencyId(), id, secret)
                : Future.failedFuture(ApiProblem.notFound("webhook")))
            .compose(v -> audit.record(conn, caller, "webhook.rotate_secret", "webhook", id,
                new JsonObject().put("secret", "(rotated)")))
            .compose(v -> endpoints.find(conn, caller.agencyId(), id).map(Optional::get)))
        .map(endpoint -> endpoint.put("secret", secret));
  }

  /** Sends a {@code webhook.test} event to the endpoint now and answers with the recorded delivery. */
  private Future<JsonObject> test(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("webhookId");
    UUID eventId = UUID.randomUUID();
    JsonObject payload = new JsonObject().put("id", eventId.toString()).put("type", "webhook.test")
        .put("created_at", Instant.now().toString())
        .put("data", new JsonObject().put("message", "Test event from the missed-call recovery gateway"));
    return endpoints.findWithSecret(pool, caller.agencyId(), id)
        .compose(found -> found.map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(ApiProblem.notFound("webhook"))))
        .compose(row -> deliveries.insertTest(pool, caller.agencyId(), id, eventId, payload)
            .compose(deliveryId -> sender.send(new WebhookDeliveryStore.Outgoing(deliveryId, eventId, "webhook.test",
                    payload.encode(), row.getString("url"), endpoints.secret(row), true), 1)
                .compose(attempt -> deliveries.settleTest(deliveryId, attempt))
                .compose(v -> deliveries.find(pool, caller.agencyId(), id, deliveryId))
                .map(Optional::get)));
  }

  private Future<JsonObject> deliveries(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Params p = Params.of(ctx);
    long id = p.pathLong("webhookId");
    int limit = p.queryInt("limit", 50);
    Cursor cursor = Cursor.decode(p.query("cursor"), "-id");
    return get(caller, id).compose(endpoint -> deliveries.list(pool, caller.agencyId(), id,
            cursor == null ? null : cursor.number(), p.query("status"), limit))
        .map(rows -> Page.of(rows, limit, WebhookDeliveryStore::toJson,
            r -> new Cursor("-id", String.valueOf(r.getLong("id")), r.getLong("id"))));
  }
}
