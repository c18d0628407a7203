package com.missedcall.twiliosim;

import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become HTTP answers, always in Twilio's error JSON. */
final class TwilioErrors {

  private static final Logger LOG = LoggerFactory.getLogger(TwilioErrors.class);

  private TwilioErrors() {}

  static void respond(RoutingContext ctx) {
    TwilioApiException error = toApiException(ctx);
    if (ctx.response().headWritten()) {
      ctx.request().connection().close();
      return;
    }
    if (error.httpStatus() == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Twilio API\"");
    }
    Responses.json(ctx, error.httpStatus(), error.toJson());
  }

  private static TwilioApiException toApiException(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof TwilioApiException api) {
      return api;
    }
    if (failure instanceof DecodeException
        || failure instanceof IllegalArgumentException
        || failure instanceof ClassCastException) {
      return TwilioApiException.badRequest(failure.getMessage());
    }
    if (failure == null && ctx.statusCode() == 404) {
      return TwilioApiException.notFound(ctx.request().path());
    }
    if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      return new TwilioApiException(ctx.statusCode(), 20001, "Bad request");
    }
    LOG.warn("Simulator failed on {} {}", ctx.request().method(), ctx.request().path(), failure);
    return new TwilioApiException(500, 20500, "Internal Server Error");
  }
}
