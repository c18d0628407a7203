package com.missedcall.gateway.support;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A local stand-in for an OpenAI-compatible model server: {@code POST /v1/chat/completions} with the real
 * request and response JSON (chat.completion object, OpenAI error object on failures). It answers with a
 * scripted content, can be slow (answers after a delay) or fail with a status, for all or the next N
 * requests, and records what it was asked. A fake of a third party, speaking its wire format.
 */
public final class FakeChatModel implements AutoCloseable {

  /** One request as received. */
  public record Request(MultiMap headers, JsonObject body) {
    public String system() {
      return body.getJsonArray("messages").getJsonObject(0).getString("content");
    }

    public JsonArray messages() {
      return body.getJsonArray("messages");
    }
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Function<Request, String> content = r -> new JsonObject().put("reply", "Thanks! What's the address?")
      .putNull("need").putNull("address").putNull("urgency").encode();
  private volatile Duration delay = Duration.ZERO;
  private volatile int failStatus = 0;
  private final AtomicInteger failuresLeft = new AtomicInteger(-1);

  private FakeChatModel(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  public static FakeChatModel start(Vertx vertx) {
    FakeChatModel[] holder = new FakeChatModel[1];
    HttpServer server = vertx.createHttpServer().requestHandler(req -> holder[0].handle(req));
    holder[0] = new FakeChatModel(vertx, server);
    server.listen(0, "127.0.0.1").await();
    return holder[0];
  }

  /** The base URL to configure as AI_BASE_URL. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/v1";
  }

  /** Answers every request with this content (the assistant message's text). */
  public FakeChatModel answering(Function<Request, String> content) {
    this.content = content;
    return this;
  }

  /** Answers with this JSON object as the content, as the prompt asks the model to. */
  public FakeChatModel answeringJson(JsonObject json) {
    return answering(r -> json.encode());
  }

  /** Every answer waits this long before the first byte. */
  public FakeChatModel slow(Duration delay) {
    this.delay = delay;
    return this;
  }

  /** Every request fails with this status (an OpenAI error object). */
  public FakeChatModel failing(int status) {
    this.failStatus = status;
    this.failuresLeft.set(-1);
    return this;
  }

  /** The next {@code count} requests fail with this status, then it answers again. */
  public FakeChatModel failingNext(int count, int status) {
    this.failStatus = status;
    this.failuresLeft.set(count);
    return this;
  }

  public void reset() {
    requests.clear();
    delay = Duration.ZERO;
    failStatus = 0;
    failuresLeft.set(-1);
    content = r -> new JsonObject().put("reply", "Thanks! What's the address?").encode();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpServerRequest req) {
    if (!"POST".equals(req.method().name()) || !"/v1/chat/completions".equals(req.path())) {
      req.response().setStatusCode(404).putHeader("Content-Type", "application/json")
          .end(error("Unknown request URL: " + req.method() + " " + req.path(), "invalid_request_error").encode());
      return;
    }
    req.body().onSuccess(buffer -> {
      JsonObject body;
      try {
        body = buffer.toJsonObject();
      } catch (RuntimeException e) {
        req.response().setStatusCode(400).putHeader("Content-Type", "application/json")
            .end(error("We could not parse the JSON body of your request.", "invalid_request_error").encode());
        return;
      }
      if (body.getString("model") == null || body.getJsonArray("messages") == null) {
        req.response().setStatusCode(400).putHeader("Content-Type", "application/json")
            .end(error("you must provide a model parameter and messages", "invalid_request_error").encode());
        return;
      }
      Request request = new Request(MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), body);
      requests.add(request);
      Runnable respond = () -> respond(req, request);
      if (delay.isZero()) {
        respond.run();
      } else {
        vertx.setTimer(delay.toMillis(), id -> respond.run());
      }
    });
  }

  private void respond(HttpServerRequest req, Request request) {
    if (req.response().closed()) {
      return;
    }
    int status = failStatus;
    boolean fail = status != 0 && (failuresLeft.get() < 0 || failuresLeft.getAndDecrement() > 0);
    if (fail) {
      req.response().setStatusCode(status).putHeader("Content-Type", "application/json")
          .end(error("The server had an error while processing your request. Sorry about that!", "server_error")
              .encode());
      return;
    }
    String text = content.apply(request);
    JsonObject completion = new JsonObject()
        .put("id", "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""))
        .put("object", "chat.completion")
        .put("created", Instant.now().getEpochSecond())
        .put("model", request.body().getString("model"))
        .put("choices", new JsonArray().add(new JsonObject()
            .put("index", 0)
            .put("message", new JsonObject().put("role", "assistant").put("content", text).putNull("refusal"))
            .putNull("logprobs")
            .put("finish_reason", "stop")))
        .put("usage", new JsonObject().put("prompt_tokens", 120).put("completion_tokens", 30).put("total_tokens", 150))
        .put("system_fingerprint", "fp_fake");
    req.response().putHeader("Content-Type", "application/json").end(completion.encode());
  }

  private static JsonObject error(String message, String type) {
    return new JsonObject().put("error", new JsonObject().put("message", message).put("type", type)
        .putNull("param").putNull("code"));
  }

  @Override
  public void close() {
    server.close().await();
  }
}
