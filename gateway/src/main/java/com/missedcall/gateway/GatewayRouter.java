package com.missedcall.gateway;

import com.missedcall.admin.AdminApi;
import com.missedcall.gateway.config.Role;
import com.missedcall.gateway.http.Failures;
import com.missedcall.gateway.http.HealthRoutes;
import com.missedcall.gateway.twilio.TwilioRoutes;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

/** Builds one HTTP verticle's router from the process's roles. Health and metrics are always served. */
final class GatewayRouter {
  private GatewayRouter() {}

  static Router build(Vertx vertx, Components c, AdminApi admin) {
    Router router = Router.router(vertx);
    HealthRoutes.mount(router, c.readiness(), c.registry());
    if (c.config().roles().contains(Role.INGRESS)) {
      TwilioRoutes.mount(router, c.signatures(), c.voice(), c.messageStatus());
      TwilioRoutes.mountInboundSms(router, c.signatures(), c.inboundSms());
      TwilioRoutes.mountVoiceRecovery(router, c.signatures(), c.voiceTurns());
      // the intake page callers open from their text-back: public, HTML, PostgreSQL work at the callbacks' priority
      com.missedcall.gateway.intake.IntakeRoutes.mount(router, new com.missedcall.recovery.intake.IntakeService(
              c.budget().pool(c.pool(), com.missedcall.recovery.db.WorkPriority.CALLBACK),
              new com.missedcall.recovery.intake.IntakeStore(), c.conversations().store(), vertx.eventBus()),
          new com.missedcall.gateway.intake.IntakeRateLimit(c.redis(), c.config().redisKeyPrefix()));
    }
    if (c.config().roles().contains(Role.ADMIN)) {
      // the REST API under /api/v1 and the dashboard at /
      admin.mount(router);
    }
    router.route().last().handler(ctx -> ctx.fail(new com.missedcall.gateway.http.HttpProblem(404, "not_found",
        "No such route")));
    router.route().failureHandler(Failures::respond);
    return router;
  }
}
