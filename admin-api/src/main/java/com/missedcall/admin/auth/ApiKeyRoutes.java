package com.missedcall.admin.auth;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Cursor;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Page;
import com.missedcall.admin.http.Params;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/** The caller's identity and the agency's API keys: create (the key is in that answer only), list, revoke. */
public final class ApiKeyRoutes {
  private final Pool pool;
  private final ApiKeyStore store;
  private final AuditLog audit;
  private final boolean demo;

  public ApiKeyRoutes(Pool pool, ApiKeyStore store, AuditLog audit, boolean demo) {
    this.pool = pool;
    this.store = store;
    this.audit = audit;
    this.demo = demo;
  }

  public void bind(Operations ops) {
    ops.json("getMe", ctx -> {
      Caller c = Caller.of(ctx);
      return Future.succeededFuture(new JsonObject()
          .put("agency", new JsonObject().put("id", c.agencyId()).put("name", c.agencyName())
              .put("may_set_plans", c.maySetPlans()))
          .put("api_key", new JsonObject().put("id", c.keyId()).put("name", c.keyName()).put("prefix", c.keyPrefix())
              .put("scope", c.scope()).put("expires_at", c.expiresAt()))
          .put("demo", demo));
    });
    ops.json("listApiKeys", this::list);
    ops.created("createApiKey", this::create);
    ops.json("revokeApiKey", this::revoke);
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    Params p = Params.of(ctx);
    int limit = p.queryInt("limit", 50);
    Cursor cursor = Cursor.decode(p.query("cursor"), "-id");
    return store.list(pool, Caller.of(ctx).agencyId(), cursor == null ? null : cursor.number(), limit)
        .map(rows -> Page.of(rows, limit, ApiKeyStore::toJson,
            r -> new Cursor("-id", String.valueOf(r.getLong("id")), r.getLong("id"))));
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    JsonObject body = Params.of(ctx).body();
    String name = body.getString("name");
    String scope = body.getString("scope", ApiKeys.FULL);
    java.time.OffsetDateTime expiresAt = expiry(body.getString("expires_at"));
    ApiKeys.NewKey key = ApiKeys.generate();
    return pool.withTransaction(conn -> store.insert(conn, caller.agencyId(), name, key, caller.keyId(), scope,
            expiresAt, null)
        .compose(created -> audit.record(conn, caller, "api_key.create", "api_key", created.getLong("id"),
            new JsonObject().put("name", name).put("prefix", key.displayPrefix()).put("scope", scope)
                .put("expires_at", created.getString("expires_at"))).map(created)))
        .map(created -> created.put("key", key.key()));
  }

  /** An optional expiry for a new key: a date-time with its offset, in the future (400 {@code invalid_expiry}). */
  public static java.time.OffsetDateTime expiry(String text) {
    if (text == null) {
      return null;
    }
    java.time.OffsetDateTime at;
    try {
      at = java.time.OffsetDateTime.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiProblem.invalid("invalid_expiry", "expires_at must be a date-time with its offset, e.g. 2030-01-31T00:00:00Z");
    }
    if (!at.isAfter(java.time.OffsetDateTime.now())) {
      throw ApiProblem.invalid("invalid_expiry", "expires_at must be in the future");
    }
    return at;
  }

  private Future<JsonObject> revoke(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("keyId");
    return pool.withTransaction(conn -> store.revoke(conn, caller.agencyId(), id)
        .compose(revoked -> revoked.map(json -> audit.record(conn, caller, "api_key.revoke", "api_key", id,
                new JsonObject().put("prefix", json.getString("prefix"))).map(json))
            .orElseGet(() -> Future.failedFuture(ApiProblem.notFound("api_key")))));
  }
}
