package com.missedcall.gateway.http;

import com.missedcall.recovery.StorageUnavailable;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place failures become HTTP responses: a JSON body with a stable {@code code} and a {@code message}. */
public final class Failures {
  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

  private Failures() {}

  public static void respond(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    Throwable failure = ctx.failure();
    int status;
    String code;
    String message;
    if (failure instanceof HttpProblem problem) {
      status = problem.status();
      code = problem.code();
      message = problem.getMessage();
    } else if (failure instanceof com.missedcall.recovery.conversations.ConversationRefused refused) {
      status = refused.suggestedStatus();
      code = refused.code();
      message = refused.getMessage();
    } else if (failure instanceof com.missedcall.recovery.Overloaded) {
      // shed under overload: counted by the route's metrics, not logged one by one (there are thousands)
      status = 503;
      code = "overloaded";
      message = "Too many requests are waiting for the database; retry later";
      ctx.response().putHeader("Retry-After", "1");
    } else if (failure instanceof com.missedcall.recovery.RejectedData rejected) {
      // PostgreSQL refused this request's own values: a retry would fail the same way, so no 503
      status = 400;
      code = "invalid_data";
      message = "A value in this request cannot be stored";
      LOG.atWarn().addKeyValue("path", ctx.normalizedPath()).addKeyValue("sqlState", rejected.sqlState())
          .log("webhook refused: its data cannot be stored");
    } else if (failure instanceof StorageUnavailable unavailable) {
      status = 503;
      code = "storage_unavailable";
      message = "The decision could not be stored; retry later";
      ctx.response().putHeader("Retry-After", "1");
      LOG.atWarn().addKeyValue("path", ctx.normalizedPath()).addKeyValue("error", unavailable.getMessage())
          .log("webhook not acknowledged: storage unavailable");
    } else if (failure instanceof HttpException http) {
      status = http.getStatusCode();
      code = status == 413 ? "body_too_large" : "http_" + status;
      message = status == 413 ? "The request body is larger than allowed" : String.valueOf(http.getPayload());
    } else if (failure == null) {
      status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      code = status == 413 ? "body_too_large" : "http_" + status;
      message = status == 413 ? "The request body is larger than allowed" : "Request failed";
    } else {
      status = 500;
      code = "internal_error";
      message = "Something went wrong on our side";
      LOG.atError().setCause(failure).addKeyValue("path", ctx.normalizedPath()).log("unhandled failure");
    }
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("code", code).put("message", message).encode());
  }
}
