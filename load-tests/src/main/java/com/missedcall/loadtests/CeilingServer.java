package com.missedcall.loadtests;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

/**
 * The benchmark's ceiling: the least a webhook endpoint can do on this machine with the same stack.
 * It reads the same form body, checks the same X-Twilio-Signature with twilio-java's validator, and
 * answers 204, with no storage at all. The gateway's status callbacks (which store nothing either) are
 * reported as a ratio of this one's throughput, measured in the same run under the same load generator;
 * decisions are compared with {@link DurableChainCeiling}.
 * <p>Usage: {@code java -cp load-tools.jar com.missedcall.loadtests.CeilingServer PORT AUTH_TOKEN PUBLIC_BASE_URL}
 */
public final class CeilingServer extends VerticleBase {
  private final int port;
  private final SignedForm form;

  CeilingServer(int port, String authToken, String publicBase) {
    this.port = port;
    this.form = new SignedForm(authToken, publicBase);
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1").setTcpNoDelay(true))
        .requestHandler(req -> req.body().onSuccess(body ->
            req.response().setStatusCode(form.verified(req, body) != null ? 204 : 403).end()))
        .listen();
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    String token = args[1];
    String base = args[2];
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new CeilingServer(port, token, base),
            new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
        .onSuccess(id -> System.out.println("ceiling server listening on " + port))
        .onFailure(err -> {
          err.printStackTrace();
          System.exit(1);
        });
  }
}
