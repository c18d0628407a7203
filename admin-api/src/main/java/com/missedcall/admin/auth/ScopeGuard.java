package com.missedcall.admin.auth;

import com.missedcall.admin.http.ApiProblem;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;

/**
 * Refuses a read-only key on an operation that changes something: every operation but GET and HEAD, unless
 * the contract marks it {@code x-read-only: true} (a preview that saves nothing). Runs on every bound
 * operation, so a new operation is guarded without being listed anywhere.
 */
public final class ScopeGuard implements Handler<RoutingContext> {
  static final String READ_ONLY_EXTENSION = "x-read-only";
  private final boolean writes;

  private ScopeGuard(boolean writes) {
    this.writes = writes;
  }

  public static ScopeGuard of(Operation operation) {
    HttpMethod method = operation.getHttpMethod();
    boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD
        || Boolean.TRUE.equals(operation.getExtensions().get(READ_ONLY_EXTENSION));
    return new ScopeGuard(!safe);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Caller caller = ctx.get(Caller.KEY);
    if (writes && caller != null && caller.readOnly()) {
      ctx.fail(ApiProblem.forbidden("read_only_key", "This API key is read-only: it may read but not change anything"));
      return;
    }
    ctx.next();
  }
}
