package com.missedcall.admin.operator;

import com.missedcall.admin.http.ApiProblem;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.Set;

/**
 * Authenticates every operator API request by an operator key ({@code Authorization: Bearer mcr_op_...}) and
 * puts the {@link Operator} on the context. An agency key is refused here like any other wrong key.
 */
final class OperatorAuth implements Handler<RoutingContext> {
  private final Pool pool;
  private final OperatorKeyStore keys;
  private final Set<String> publicPaths;

  OperatorAuth(Pool pool, OperatorKeyStore keys, Set<String> publicPaths) {
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
    String authorization = ctx.request().getHeader("Authorization");
    String key = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        ? authorization.substring(7).trim() : null;
    if (key == null) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer");
      ctx.fail(new ApiProblem(401, "missing_operator_key", "Send an operator key as 'Authorization: Bearer mcr_op_...'"));
      return;
    }
    if (!OperatorKeys.wellFormed(key)) {
      reject(ctx);
      return;
    }
    keys.authenticate(pool, com.missedcall.admin.auth.ApiKeys.hash(key)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else if (ar.result().isEmpty()) {
        reject(ctx);
      } else {
        ctx.put(Operator.KEY, ar.result().get());
        ctx.next();
      }
    });
  }

  private static void reject(RoutingContext ctx) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    ctx.fail(new ApiProblem(401, "invalid_operator_key", "The operator key is not valid or was revoked"));
  }
}
