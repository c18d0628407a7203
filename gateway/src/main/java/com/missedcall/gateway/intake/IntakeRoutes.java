package com.missedcall.gateway.intake;

import com.missedcall.recovery.intake.IntakeField;
import com.missedcall.recovery.intake.IntakeForm;
import com.missedcall.recovery.intake.IntakeLinks;
import com.missedcall.recovery.intake.IntakePage;
import com.missedcall.recovery.intake.IntakeService;
import com.missedcall.recovery.intake.IntakeToken;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public intake page, {@code GET|POST /i/{token}}: HTML only (never JSON), a body cap of 8 KiB, submissions
 * rate-limited per link and per address, every failure a friendly page that says nothing about whose link it was.
 */
public final class IntakeRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(IntakeRoutes.class);
  public static final int BODY_LIMIT = 8 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
      + "base-uri 'none'; frame-ancestors 'none'";

  private final IntakeService service;
  private final IntakeRateLimit limit;

  private IntakeRoutes(IntakeService service, IntakeRateLimit limit) {
    this.service = service;
    this.limit = limit;
  }

  public static void mount(Router router, IntakeService service, IntakeRateLimit limit) {
    IntakeRoutes routes = new IntakeRoutes(service, limit);
    String path = IntakeLinks.PATH + ":token";
    router.get(path).handler(routes::open);
    router.post(path).handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT)).handler(routes::submit);
    router.route(IntakeLinks.PATH + "*").failureHandler(routes::failed);
  }

  private static String nonce() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private void open(RoutingContext ctx) {
    Optional<IntakeToken> token = IntakeToken.parse(ctx.pathParam("token"));
    if (token.isEmpty()) {
      html(ctx, 404, IntakePage.unavailable());
      return;
    }
    service.open(token.get()).onSuccess(result -> {
      switch (result.shown()) {
        case FORM -> html(ctx, 200, IntakePage.form(result.link(), nonce(), Map.of(), Map.of()));
        case ALREADY_SENT -> html(ctx, 200, IntakePage.alreadySent(result.link()));
        default -> html(ctx, 404, IntakePage.unavailable());
      }
    }).onFailure(ctx::fail);
  }

  private void submit(RoutingContext ctx) {
    Optional<IntakeToken> token = IntakeToken.parse(ctx.pathParam("token"));
    if (token.isEmpty()) {
      html(ctx, 404, IntakePage.unavailable());
      return;
    }
    Map<String, String> values = new HashMap<>();
    MultiMap form = ctx.request().formAttributes();
    form.forEach(e -> values.put(e.getKey(), e.getValue()));
    String address = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
    limit.allow(token.get().sha256Hex(), address).compose(allowed -> {
      if (!allowed) {
        html(ctx, 429, IntakePage.slowDown());
        return io.vertx.core.Future.succeededFuture();
      }
      return service.submit(token.get(), values).map(result -> {
        switch (result.shown()) {
          case THANKS -> html(ctx, 200, IntakePage.thanks(result.link()));
          case ALREADY_SENT -> html(ctx, 200, IntakePage.alreadySent(result.link()));
          case INVALID -> {
            IntakeForm checked = result.form();
            Map<IntakeField, String> typed = new HashMap<>();
            for (IntakeField field : result.link().fields()) {
              typed.put(field, values.getOrDefault(field.code(), ""));
            }
            Map<String, String> chosen = new HashMap<>();
            for (String name : List.of(IntakeForm.CALLBACK_DAY, IntakeForm.CALLBACK_PART)) {
              if (values.containsKey(name)) {
                chosen.put(name, values.get(name));
              }
            }
            html(ctx, 400, IntakePage.form(result.link(), nonce(), typed, chosen, checked.problems()));
          }
          default -> html(ctx, 404, IntakePage.unavailable());
        }
        return null;
      });
    }).onFailure(ctx::fail);
  }

  private void failed(RoutingContext ctx) {
    int status = ctx.statusCode() == 413 ? 413 : ctx.failure() instanceof io.vertx.ext.web.handler.HttpException h
        ? h.getStatusCode() : 500;
    if (status == 413) {
      html(ctx, 413, IntakePage.unavailable().replace("This link is no longer available", "That was too long")
          .replace("It may have expired. ", "Please shorten your answers. "));
      return;
    }
    if (status >= 500) {
      LOG.atWarn().addKeyValue("error", String.valueOf(ctx.failure())).log("intake page failed");
    }
    html(ctx, status >= 500 ? 503 : 400, IntakePage.unavailable());
  }

  private static void html(RoutingContext ctx, int status, String page) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Robots-Tag", "noindex")
        .end(page);
  }
}
