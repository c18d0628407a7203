package com.missedcall.admin.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** Binds handlers to the contract's operations by operationId, and remembers which ones were bound. */
public final class Operations {
  private final RouterBuilder builder;
  private final Set<String> bound = new HashSet<>();

  public Operations(RouterBuilder builder) {
    this.builder = builder;
  }

  public void handle(String operationId, Handler<RoutingContext> handler) {
    OpenAPIRoute route = builder.getRoute(operationId);
    if (route == null) {
      throw new IllegalStateException("the contract has no operation " + operationId);
    }
    // after the contract's validation, before the operation: a read-only key never reaches a write
    route.addHandler(com.missedcall.admin.auth.ScopeGuard.of(route.getOperation()));
    route.addHandler(handler);
    bound.add(operationId);
  }

  /** An operation answered with the JSON its future yields. */
  public void json(String operationId, Function<RoutingContext, Future<?>> action) {
    respond(operationId, action, (ctx, body) -> Json.ok(ctx, body));
  }

  /** An operation that creates something: 201 with its JSON. */
  public void created(String operationId, Function<RoutingContext, Future<?>> action) {
    respond(operationId, action, (ctx, body) -> Json.created(ctx, body));
  }

  public void noContent(String operationId, Function<RoutingContext, Future<?>> action) {
    respond(operationId, action, (ctx, body) -> Json.noContent(ctx));
  }

  private void respond(String operationId, Function<RoutingContext, Future<?>> action,
                       BiConsumer<RoutingContext, Object> success) {
    handle(operationId, ctx -> {
      Future<?> result;
      try {
        result = action.apply(ctx);
      } catch (RuntimeException e) {
        ctx.fail(e);
        return;
      }
      result.onSuccess(body -> success.accept(ctx, body)).onFailure(ctx::fail);
    });
  }

  public Set<String> bound() {
    return bound;
  }
}
