package com.missedcall.twiliosim;

import com.twilio.security.RequestValidator;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small voice gateway for the simulator's caller to call: answers each path with TwiML built by a test, after
 * checking X-Twilio-Signature with twilio-java's {@link RequestValidator} (403 when it does not match).
 */
final class FakeVoiceGateway {

  private final RequestValidator validator;
  private final Map<String, Function<Map<String, String>, String>> answers = new ConcurrentHashMap<>();
  private final AtomicInteger badSignatures = new AtomicInteger();
  private HttpServer server;

  private FakeVoiceGateway(String authToken) {
    this.validator = new RequestValidator(authToken);
  }

  static FakeVoiceGateway start(Vertx vertx, String authToken) {
    FakeVoiceGateway gateway = new FakeVoiceGateway(authToken);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false));
    router.route().handler(gateway::answer);
    gateway.server = vertx.createHttpServer().requestHandler(router);
    TwilioApiClient.await(gateway.server.listen(0, "127.0.0.1"));
    return gateway;
  }

  /** {@code path} (without query) answers {@code twiml(params)}; a null TwiML answers 204 with no body. */
  FakeVoiceGateway on(String path, Function<Map<String, String>, String> twiml) {
    answers.put(path, twiml);
    return this;
  }

  FakeVoiceGateway on(String path, String twiml) {
    return on(path, params -> twiml);
  }

  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.actualPort() + pathAndQuery;
  }

  int badSignatures() {
    return badSignatures.get();
  }

  private void answer(RoutingContext ctx) {
    String url = url(ctx.request().uri());
    Map<String, String> params = new LinkedHashMap<>();
    String body = ctx.body().asString();
    FormEncoding.decode(body == null ? "" : body).forEach((name, values) -> params.put(name, values.get(0)));
    Map<String, String> signed = "GET".equals(ctx.request().method().name()) ? Map.of() : params;
    if (!validator.validate(url, signed, ctx.request().getHeader("X-Twilio-Signature"))) {
      badSignatures.incrementAndGet();
      ctx.response().setStatusCode(403).end();
      return;
    }
    ctx.queryParams().forEach(entry -> params.putIfAbsent(entry.getKey(), entry.getValue()));
    Function<Map<String, String>, String> twiml = answers.get(ctx.request().path());
    if (twiml == null) {
      ctx.response().setStatusCode(404).end();
      return;
    }
    String xml = twiml.apply(params);
    if (xml == null) {
      ctx.response().setStatusCode(204).end();
      return;
    }
    ctx.response().putHeader("Content-Type", "text/xml").end(xml);
  }

  static String response(String... verbs) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>" + String.join("", List.of(verbs)) + "</Response>";
  }
}
