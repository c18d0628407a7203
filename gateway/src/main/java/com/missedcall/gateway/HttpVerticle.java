package com.missedcall.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.function.Function;

/**
 * The HTTP edge of one process: one instance per event loop, all sharing the port. Which routes it
 * serves depends on the process's roles (see {@link GatewayRouter}). On stop it drains: no new
 * requests, in-flight ones finish within the grace period.
 */
public final class HttpVerticle extends VerticleBase {
  private final Function<io.vertx.core.Vertx, Router> routes;
  private final String host;
  private final int port;
  private final Duration grace;
  private HttpServer server;

  public HttpVerticle(Function<io.vertx.core.Vertx, Router> routes, String host, int port, Duration grace) {
    this.routes = routes;
    this.host = host;
    this.port = port;
    this.grace = grace;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port)
            .setTcpNoDelay(true).setCompressionSupported(false))
        .requestHandler(routes.apply(vertx));
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }
}
