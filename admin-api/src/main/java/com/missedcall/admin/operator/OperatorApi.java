package com.missedcall.admin.operator;

import com.missedcall.admin.audit.AuditLog;
import com.missedcall.admin.auth.ApiKeyStore;
import com.missedcall.admin.auth.RateLimit;
import com.missedcall.admin.auth.RateLimiter;
import com.missedcall.admin.http.ApiFailureHandler;
import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Operations;
import com.missedcall.admin.http.QueryGuard;
import com.missedcall.admin.http.StringParameters;
import com.missedcall.admin.workspaces.WorkspaceStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.Set;

/**
 * The platform operator's API under {@code /operator/v1}: its own contract, its own keys ({@code mcr_op_...}),
 * the same error answers as the agency API. Agency keys are not accepted here, nor operator keys there.
 */
public final class OperatorApi {
  public static final String BASE = "/operator/v1";
  static final String CONTRACT = "openapi/operator-api.yaml";
  private static final long MAX_BODY_BYTES = 16 * 1024;

  private final Vertx vertx;
  private final OpenAPIContract contract;
  private final Buffer contractYaml;
  private final OperatorAuth auth;
  private final OperatorRoutes routes;
  private final RateLimit rateLimit;

  private OperatorApi(Vertx vertx, OpenAPIContract contract, Buffer contractYaml, Pool pool, RateLimiter limiter) {
    this.vertx = vertx;
    this.contract = contract;
    this.contractYaml = contractYaml;
    OperatorKeyStore keys = new OperatorKeyStore();
    this.auth = new OperatorAuth(pool, keys, Set.of(BASE + "/openapi.yaml"));
    this.rateLimit = new RateLimit(limiter, ctx -> {
      Operator operator = ctx.get(Operator.KEY);
      return operator == null ? null : operator.keyId();
    });
    this.routes = new OperatorRoutes(pool, new AgencyStore(), new PlanStore(), keys, new ApiKeyStore(),
        new WorkspaceStore(), new OperatorAudit(new AuditLog()), vertx.eventBus());
  }

  /**
   * {@code limiter} counts operator keys' requests (ADMIN_RATE_LIMIT_PER_MINUTE per key, under its own Redis key
   * prefix): a leaked or runaway operator key is as bounded as an agency's.
   */
  public static Future<OperatorApi> create(Vertx vertx, Pool pool, RateLimiter limiter) {
    return vertx.fileSystem().readFile(CONTRACT)
        .compose(yaml -> OpenAPIContract.from(vertx, CONTRACT)
            .map(c -> new OperatorApi(vertx, c, yaml, pool, limiter)));
  }

  /**
   * Makes the operator key named by OPERATOR_API_KEY usable (stored as its hash only); the key of an earlier start
   * that named another one is revoked. The first operator key comes from here, every other from the API.
   */
  public static Future<Void> bootstrap(SqlClient db, String operatorKey) {
    if (!OperatorKeys.wellFormed(operatorKey)) {
      return Future.failedFuture(new IllegalArgumentException("OPERATOR_API_KEY must be mcr_op_ and 32 letters/digits"));
    }
    return new OperatorKeyStore().ensureBootstrap(db, OperatorKeys.of(operatorKey));
  }

  public void mount(Router router) {
    router.route(BASE + "/*").subRouter(apiRouter());
  }

  private Router apiRouter() {
    RouterBuilder builder = RouterBuilder.create(vertx, contract, new StringParameters());
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    builder.rootHandler(auth);
    builder.rootHandler(rateLimit);
    builder.rootHandler(QueryGuard.create());
    Operations ops = new Operations(builder);
    ops.handle("getOperatorOpenApiYaml", ctx -> ctx.response().putHeader("Content-Type", "application/yaml")
        .end(contractYaml));
    routes.bind(ops);
    for (OpenAPIRoute route : builder.getRoutes()) {
      route.setDoSecurity(false);
      if (!ops.bound().contains(route.getOperation().getOperationId())) {
        throw new IllegalStateException("no handler for operation " + route.getOperation().getOperationId());
      }
    }
    Router router = builder.createRouter();
    router.route().last().handler(ctx -> ctx.fail(new ApiProblem(404, "not_found", "No such operator API route")));
    router.route().failureHandler(ApiFailureHandler.create());
    return router;
  }
}
