package com.missedcall.admin.outcomes;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.ApiKeys;
import com.missedcall.admin.auth.Caller;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.Params;
import com.missedcall.admin.workspaces.WorkspaceStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/** Where a workspace's tools report outcomes, and the secret they sign with (shown when it is made, never again). */
public final class OutcomeWebhookRoutes {
  private final Pool pool;
  private final OutcomeSecretStore secrets;
  private final WorkspaceStore workspaces;
  private final AuditLog audit;
  private final String publicBaseUrl;

  public OutcomeWebhookRoutes(Pool pool, OutcomeSecretStore secrets, WorkspaceStore workspaces, AuditLog audit,
                              String publicBaseUrl) {
    this.pool = pool;
    this.secrets = secrets;
    this.workspaces = workspaces;
    this.audit = audit;
    this.publicBaseUrl = publicBaseUrl;
  }

  public void bind(Operations ops) {
    ops.json("getOutcomeWebhook", this::get);
    ops.json("rotateOutcomeWebhookSecret", this::rotate);
  }

  private Future<JsonObject> get(RoutingContext ctx) {
    long id = Params.of(ctx).pathLong("workspaceId");
    return workspaces.requireOwn(pool, Caller.of(ctx).agencyId(), id)
        .compose(v -> secrets.find(pool, id))
        .map(secret -> describe(id).put("configured", secret.isPresent())
            .put("secret_last4", secret.map(s -> s.substring(s.length() - 4)).orElse(null)));
  }

  private Future<JsonObject> rotate(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    long id = Params.of(ctx).pathLong("workspaceId");
    String secret = "mcr_whsec_" + ApiKeys.random(32);
    return pool.withTransaction(conn -> workspaces.lock(conn, caller.agencyId(), id)
        .compose(mine -> mine ? secrets.replace(conn, id, secret) : Future.failedFuture(ApiProblem.notFound("workspace")))
        .compose(v -> audit.record(conn, caller, "workspace.outcome_secret_rotate", "workspace", id,
            new JsonObject().put("secret", "(changed)"))))
        .map(v -> describe(id).put("configured", true).put("secret", secret)
            .put("secret_last4", secret.substring(secret.length() - 4)));
  }

  private JsonObject describe(long workspaceId) {
    return new JsonObject().put("workspace_id", workspaceId)
        .put("url", publicBaseUrl + OutcomeWebhook.path(workspaceId))
        .put("signature_header", OutcomeWebhook.SIGNATURE_HEADER);
  }
}
