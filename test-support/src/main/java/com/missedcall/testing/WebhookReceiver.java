package com.missedcall.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** For the tests of every module: an HTTP endpoint that records the webhooks it receives and answers with the statuses it is told to. */
public final class WebhookReceiver implements AutoCloseable {
  /** One received request: its headers and raw body. */
  public record Received(MultiMap headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<Integer> statuses = new ArrayDeque<>();

  private WebhookReceiver(Vertx vertx) {
    this.server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      received.add(new Received(MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), body.toString()));
      Integer status;
      synchronized (statuses) {
        status = statuses.poll();
      }
      req.response().setStatusCode(status == null ? 200 : status).end("ok");
    }));
  }

  public static WebhookReceiver start(Vertx vertx) {
    WebhookReceiver receiver = new WebhookReceiver(vertx);
    receiver.server.listen(0, "127.0.0.1").await();
    return receiver;
  }

  /** The next answers, in order; after them, 200. */
  public WebhookReceiver answer(Integer... next) {
    synchronized (statuses) {
      statuses.addAll(List.of(next));
    }
    return this;
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/hooks";
  }

  public List<Received> received() {
    return received;
  }

  public List<Received> of(String eventType) {
    return received.stream().filter(r -> eventType.equals(r.headers().get("X-Mcr-Event"))).toList();
  }

  @Override
  public void close() {
    server.close().await();
  }
}
