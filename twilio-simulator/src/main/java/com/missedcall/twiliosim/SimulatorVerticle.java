package com.missedcall.twiliosim;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/** The simulator's one HTTP server: Twilio's REST API plus the {@code /_sim} control API. */
final class SimulatorVerticle extends VerticleBase {

  private static final long SHUTDOWN_GRACE_MS = 1_000;

  private final SimulatorOptions options;
  private final SimulatorState state;
  private final WebhookClient webhooks;
  private HttpServer server;

  SimulatorVerticle(SimulatorOptions options, SimulatorState state, WebhookClient webhooks) {
    this.options = options;
    this.state = state;
    this.webhooks = webhooks;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    StatusCallbacks callbacks = new StatusCallbacks(state.accounts(), webhooks, state.faults());
    BasicAuthHandler auth = new BasicAuthHandler(state.accounts());
    VoiceCaller voice = new VoiceCaller(state, webhooks, () -> "http://" + reachableHost() + ":" + server.actualPort());
    new OutboundCallsApi(vertx, state, voice).mount(router, auth);
    new AccountsApi(state.accounts()).mount(router, auth);
    new CallsApi(state.calls()).mount(router, auth);
    new MessagesApi(vertx, state, callbacks).mount(router);
    new ControlApi(state, webhooks).mount(router);
    new VoiceControlApi(state, voice).mount(router);
    router.route().failureHandler(TwilioErrors::respond);
    server = vertx.createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port()))
        .requestHandler(router);
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(SHUTDOWN_GRACE_MS, TimeUnit.MILLISECONDS);
  }

  private String reachableHost() {
    return "0.0.0.0".equals(options.host()) ? "127.0.0.1" : options.host();
  }

  int actualPort() {
    return server.actualPort();
  }
}
