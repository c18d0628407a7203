package com.missedcall.admin.http;

import com.missedcall.recovery.conversations.ConversationRefused;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.pgclient.PgException;
import com.missedcall.recovery.calls.CallerNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place admin API failures become responses: {@code {"code":..., "message":...}} with a stable code. */
public final class ApiFailureHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ApiFailureHandler.class);

  public static ApiFailureHandler create() {
    return new ApiFailureHandler();
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ApiProblem problem = toProblem(ctx);
    if (problem.status() == 503) {
      ctx.response().putHeader("Retry-After", "1");
    }
    Json.send(ctx, problem.status(), new JsonObject().put("code", problem.code()).put("message", problem.getMessage()));
  }

  private static ApiProblem toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiProblem problem) {
      return problem;
    }
    if (failure instanceof ConversationRefused refused) {
      return new ApiProblem(refused.suggestedStatus(), refused.code(), refused.getMessage());
    }
    ValidatorException invalid = find(failure, ValidatorException.class);
    if (invalid != null) {
      return ApiProblem.invalid("invalid_request", invalid.getMessage());
    }
    if (failure instanceof DecodeException) {
      return ApiProblem.invalid("invalid_json", "The request body is not valid JSON");
    }
    if (failure instanceof HttpException http) {
      return fromStatus(http.getStatusCode());
    }
    if (failure == null) {
      return fromStatus(ctx.statusCode() > 0 ? ctx.statusCode() : 500);
    }
    if (failure instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return ApiProblem.conflict("conflict", "This would duplicate an existing record");
    }
    if (failure instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("23")) {
      return ApiProblem.invalid("constraint_violated", "The values break a rule of the data: " + pg.getErrorMessage());
    }
    if (failure instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22")) {
      // a value PostgreSQL cannot take (a NUL in a JSON string, a number out of range): the caller's data
      return ApiProblem.invalid("invalid_value", "A value in the request cannot be stored");
    }
    if (isUnavailable(failure)) {
      LOG.atWarn().addKeyValue("path", CallerNumber.maskWithin(ctx.normalizedPath()))
          .addKeyValue("error", CallerNumber.maskWithin(String.valueOf(failure)))
          .log("admin request failed: storage unavailable");
      return new ApiProblem(503, "storage_unavailable", "The data store did not answer; retry shortly");
    }
    LOG.atError().setCause(failure).addKeyValue("path", CallerNumber.maskWithin(ctx.normalizedPath()))
        .log("admin request failed");
    return new ApiProblem(500, "internal_error", "Something went wrong on our side");
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** Connection refused, closed or timed out on the way to PostgreSQL or Redis: worth a retry. */
  private static boolean isUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException
          || t instanceof java.util.concurrent.TimeoutException || t instanceof io.vertx.core.VertxException
          && (message.contains("timeout") || message.contains("closed"))) {
        return true;
      }
    }
    return false;
  }

  static ApiProblem fromStatus(int status) {
    return switch (status) {
      case 400 -> ApiProblem.invalid("invalid_request", "The request is not valid");
      case 401 -> new ApiProblem(401, "unauthorized", "An API key is required");
      case 404 -> new ApiProblem(404, "not_found", "No such route");
      case 405 -> new ApiProblem(405, "method_not_allowed", "This method is not allowed here");
      case 413 -> new ApiProblem(413, "body_too_large", "The request body is larger than allowed");
      case 415 -> new ApiProblem(415, "unsupported_media_type", "Send JSON with Content-Type: application/json");
      default -> new ApiProblem(status, "http_" + status, "Request failed");
    };
  }
}
