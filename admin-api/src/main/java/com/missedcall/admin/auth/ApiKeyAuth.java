package com.missedcall.admin.auth;

import com.missedcall.admin.http.ApiProblem;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.Set;

/**
 * Authenticates every API request by its key ({@code Authorization: Bearer mcr_live_...} or
 * {@code X-Api-Key}) and puts the {@link Caller} on the context. Public paths (the contract) pass.
 */
public final class ApiKeyAuth implements Handler<RoutingContext> {
  private final Pool pool;
  private final ApiKeyStore keys;
  private final Set<String> publicPaths;

  public ApiKeyAuth(Pool pool, ApiKeyStore keys, Set<String> publicPaths) {
    this.pool = pool;
    this.keys = keys;
    this.publicPaths = publicPaths;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (publicPaths.contains(ctx.request().path())) {
      ctx.next();
      return;
    }
    String key = presented(ctx);
    if (key == null) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ctx.fail(new ApiProblem(401, "missing_api_key",
          "Send your API key as 'Authorization: Bearer mcr_live_...'"));
      return;
    }
    if (!ApiKeys.wellFormed(key)) {
      reject(ctx);
      return;
    }
    keys.authenticate(pool, ApiKeys.hash(key)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result().isEmpty()) {
        reject(ctx);
      } else if (ar.result().get() instanceof ApiKeyStore.Found.Usable usable) {
        ctx.put(Caller.KEY, usable.caller());
        ctx.next();
      } else if (ar.result().get() instanceof ApiKeyStore.Found.Expired) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        ctx.fail(new ApiProblem(401, "api_key_expired", "The API key has expired; ask for a new one"));
      } else {
        ctx.fail(ApiProblem.forbidden("agency_suspended",
            "This agency is suspended by the platform operator; its keys cannot be used"));
      }
    });
  }

  private static void reject(RoutingContext ctx) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    ctx.fail(new ApiProblem(401, "invalid_api_key", "The API key is not valid or was revoked"));
  }

  private static String presented(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    String header = ctx.request().getHeader("X-Api-Key");
    return header == null ? null : header.trim();
  }
}
