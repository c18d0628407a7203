package com.missedcall.twiliosim;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the gateway in tests: records every webhook it receives, checks its
 * X-Twilio-Signature against the URL it was reached at, and answers with scripted statuses.
 */
final class WebhookReceiver {

  record Received(String uri, String signature, boolean signatureValid, String idempotencyToken,
      String contentType, Map<String, String> params) {}

  private final Vertx vertx;
  private final String authToken;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<Integer> scriptedStatuses = new ArrayDeque<>();
  private HttpServer server;

  private WebhookReceiver(Vertx vertx, String authToken) {
    this.vertx = vertx;
    this.authToken = authToken;
  }

  static WebhookReceiver start(Vertx vertx, String authToken) {
    WebhookReceiver receiver = new WebhookReceiver(vertx, authToken);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false));
    router.post().handler(receiver::record);
    receiver.server = vertx.createHttpServer().requestHandler(router);
    TwilioApiClient.await(receiver.server.listen(0, "127.0.0.1"));
    return receiver;
  }

  /** The next answers, in order; afterwards every request gets 200. */
  WebhookReceiver answerWith(Integer... statuses) {
    synchronized (scriptedStatuses) {
      scriptedStatuses.addAll(List.of(statuses));
    }
    return this;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  /** Polls on a Vert.x timer until {@code count} webhooks arrived. */
  Future<List<Received>> awaitRequests(int count) {
    if (received.size() >= count) {
      return Future.succeededFuture(received());
    }
    return vertx.timer(10).compose(ignored -> awaitRequests(count));
  }

  private void record(RoutingContext ctx) {
    MultiMap form = ctx.request().formAttributes();
    String signature = ctx.request().getHeader(TwilioSignature.HEADER);
    boolean valid = TwilioSignature.matches(authToken, url(ctx.request().uri()), form, signature);
    Map<String, String> params = new LinkedHashMap<>();
    form.forEach(entry -> params.put(entry.getKey(), entry.getValue()));
    received.add(new Received(ctx.request().uri(), signature, valid,
        ctx.request().getHeader(WebhookClient.IDEMPOTENCY_HEADER), ctx.request().getHeader("Content-Type"), params));
    ctx.response().setStatusCode(nextStatus()).end("<Response/>");
  }

  private int nextStatus() {
    synchronized (scriptedStatuses) {
      Integer next = scriptedStatuses.poll();
      return next == null ? 200 : next;
    }
  }
}
