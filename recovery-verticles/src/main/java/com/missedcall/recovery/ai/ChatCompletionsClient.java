package com.missedcall.recovery.ai;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.ConnectException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An OpenAI-compatible chat-completions endpoint ({@code POST {base}/chat/completions}) over the
 * non-blocking web client: bearer auth, a timeout per attempt, and a bounded number of retries with
 * back-off on timeouts, connection errors, 429 and 5xx. Anything else is a {@link ModelFailure} at once.
 */
public final class ChatCompletionsClient {

  /** One chat message: role 'system', 'user' or 'assistant'. */
  public record Message(String role, String content) {}

  /** The model gave no usable answer; {@code reason} is short and stable ('timeout', 'http_500', ...). */
  public static final class ModelFailure extends RuntimeException {
    private final String reason;
    private final boolean retryable;

    ModelFailure(String reason, String message, boolean retryable) {
      super(message, null, false, false);
      this.reason = reason;
      this.retryable = retryable;
    }

    public String reason() {
      return reason;
    }
  }

  private final Vertx vertx;
  private final WebClient client;
  private final AiSettings settings;
  private final String url;

  public ChatCompletionsClient(Vertx vertx, WebClient client, AiSettings settings) {
    this.vertx = vertx;
    this.client = client;
    this.settings = settings;
    String base = settings.baseUrl() == null ? "" : settings.baseUrl();
    this.url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/chat/completions";
  }

  /** The assistant message's content. */
  public Future<String> complete(List<Message> messages) {
    JsonArray array = new JsonArray();
    messages.forEach(m -> array.add(new JsonObject().put("role", m.role()).put("content", m.content())));
    JsonObject body = new JsonObject()
        .put("model", settings.model())
        .put("messages", array)
        .put("temperature", 0.2)
        .put("max_tokens", 300);
    return attempt(body, 0);
  }

  private Future<String> attempt(JsonObject body, int retry) {
    long timeoutMs = settings.timeout().toMillis();
    var request = client.postAbs(url).timeout(timeoutMs).putHeader("Accept", "application/json");
    if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
      request.bearerTokenAuthentication(settings.apiKey());
    }
    return request.sendJsonObject(body)
        // the request timeout is an idle timeout; this bounds the whole answer too
        .timeout(timeoutMs + 50, TimeUnit.MILLISECONDS)
        .recover(err -> Future.failedFuture(classify(err)))
        .compose(ChatCompletionsClient::content)
        .recover(err -> {
          if (err instanceof ModelFailure failure && failure.retryable && retry < settings.maxRetries()) {
            return vertx.timer(200L << Math.min(10, retry)).compose(v -> attempt(body, retry + 1));
          }
          return Future.failedFuture(err);
        });
  }

  private static Future<String> content(HttpResponse<Buffer> resp) {
    int status = resp.statusCode();
    if (status == 429 || status >= 500) {
      return Future.failedFuture(new ModelFailure("http_" + status, "model endpoint answered " + status, true));
    }
    if (status != 200) {
      return Future.failedFuture(new ModelFailure("http_" + status, "model endpoint answered " + status, false));
    }
    try {
      JsonObject json = resp.bodyAsJsonObject();
      JsonArray choices = json == null ? null : json.getJsonArray("choices");
      JsonObject message = choices == null || choices.isEmpty() ? null
          : choices.getJsonObject(0).getJsonObject("message");
      String content = message == null ? null : message.getString("content");
      if (content == null || content.isBlank()) {
        return Future.failedFuture(new ModelFailure("empty_answer", "model answered without content", false));
      }
      return Future.succeededFuture(content);
    } catch (RuntimeException e) {
      return Future.failedFuture(new ModelFailure("bad_answer", "model answer is not chat-completion JSON", false));
    }
  }

  private static ModelFailure classify(Throwable err) {
    String text = String.valueOf(err).toLowerCase(Locale.ROOT);
    if (err instanceof TimeoutException || text.contains("timeout") || text.contains("timed out")) {
      return new ModelFailure("timeout", "model endpoint did not answer in time", true);
    }
    if (err instanceof ConnectException) {
      return new ModelFailure("unreachable", "model endpoint unreachable: " + err.getMessage(), true);
    }
    return new ModelFailure("connection", "model request failed: " + err, true);
  }
}
