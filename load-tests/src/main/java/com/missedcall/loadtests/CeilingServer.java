package com.missedcall.loadtests;

import com.missedcall.twiliosim.FormEncoding;
import com.twilio.security.RequestValidator;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's ceiling: the least a webhook endpoint can do on this machine with the same stack.
 * It reads the same form body, checks the same X-Twilio-Signature with twilio-java's validator, and
 * answers 204, with no storage at all. The gateway's throughput is reported as a ratio of this one's,
 * measured in the same run under the same load generator.
 * <p>Usage: {@code java -cp load-tools.jar com.missedcall.loadtests.CeilingServer PORT AUTH_TOKEN PUBLIC_BASE_URL}
 */
public final class CeilingServer extends VerticleBase {
  private final int port;
  private final String publicBase;
  private final RequestValidator validator;

  CeilingServer(int port, String authToken, String publicBase) {
    this.port = port;
    this.publicBase = publicBase;
    this.validator = new RequestValidator(authToken);
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1").setTcpNoDelay(true))
        .requestHandler(req -> req.body().onSuccess(body -> {
          Map<String, List<String>> form = FormEncoding.decode(body.toString());
          Map<String, String> single = new HashMap<>();
          form.forEach((k, v) -> single.put(k, v.get(0)));
          String signature = req.getHeader("X-Twilio-Signature");
          boolean ok = signature != null && validator.validate(publicBase + req.uri(), single, signature);
          req.response().setStatusCode(ok ? 204 : 403).end();
        }))
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
