package com.missedcall.twiliosim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fires webhooks the way Twilio does: a form-encoded POST signed with {@code X-Twilio-Signature},
 * carrying an {@code I-Twilio-Idempotency-Token}. The URL is signed without its fragment, which
 * is never sent either.
 */
public final class WebhookClient {

  // Encoded by hand: Vert.x's form MultiMap is case-insensitive, Twilio's parameter names are not.
  private static final String FORM = "application/x-www-form-urlencoded";
  static final String IDEMPOTENCY_HEADER = "I-Twilio-Idempotency-Token";
  private static final long DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
  private static final long DEFAULT_TIMEOUT_MS = 15_000;

  private final WebClient client;
  private final AtomicBoolean dropping;

  private WebhookClient(WebClient client, AtomicBoolean dropping) {
    this.client = client;
    this.dropping = dropping;
  }

  public static WebhookClient create(Vertx vertx) {
    return create(vertx, new AtomicBoolean(false));
  }

  /** {@code dropping}: while true, nothing is delivered (see {@link TwilioSimulator#dropWebhooks}). */
  static WebhookClient create(Vertx vertx, AtomicBoolean dropping) {
    WebClientOptions options = new WebClientOptions()
        .setUserAgent("TwilioProxy/1.1")
        .setFollowRedirects(false);
    return new WebhookClient(WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(64)), dropping);
  }

  /** POSTs {@code params} to {@code url}, signed for that same URL. */
  public Future<WebhookResponse> post(String url, Map<String, String> params, String authToken) {
    return post(url, url, params, authToken);
  }

  /**
   * POSTs to {@code url} but signs {@code signedUrl}: the case of a gateway behind a proxy, where
   * Twilio signs the public URL and the request arrives at an internal one.
   */
  public Future<WebhookResponse> post(String url, String signedUrl, Map<String, String> params, String authToken) {
    String signature = TwilioSignature.signSingleValued(authToken, TwilioSignature.withoutFragment(signedUrl), params);
    return send(url, params, signature, Sids.newSid("ID"), DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_TIMEOUT_MS);
  }

  /** POSTs with a signature of the caller's choosing (null: no header), for rejection tests. */
  public Future<WebhookResponse> postWithSignature(String url, Map<String, String> params, String signature) {
    return send(url, params, signature, Sids.newSid("ID"), DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_TIMEOUT_MS);
  }

  /**
   * GETs {@code url} with {@code params} appended to its query, as Twilio requests a TwiML URL whose method is
   * GET: the signature covers the full URL (query included) and no body parameters.
   */
  public Future<WebhookResponse> get(String url, Map<String, String> params, String authToken) {
    String base = TwilioSignature.withoutFragment(url);
    String query = FormEncoding.encode(params);
    String full = query.isEmpty() ? base : base + (base.contains("?") ? "&" : "?") + query;
    if (dropping.get()) {
      return Future.failedFuture(new WebhookDropped(url));
    }
    return client.getAbs(full)
        .connectTimeout(DEFAULT_CONNECT_TIMEOUT_MS)
        .timeout(DEFAULT_TIMEOUT_MS)
        .putHeader(IDEMPOTENCY_HEADER, Sids.newSid("ID"))
        .putHeader(TwilioSignature.HEADER, TwilioSignature.signSingleValued(authToken, full, Map.of()))
        .send()
        .map(WebhookClient::toResponse);
  }

  public void close() {
    client.close();
  }

  Future<WebhookResponse> send(
      String url,
      Map<String, String> params,
      String signature,
      String idempotencyToken,
      long connectTimeoutMs,
      long timeoutMs) {
    if (dropping.get()) {
      return Future.failedFuture(new WebhookDropped(url));
    }
    HttpRequest<Buffer> request = client.postAbs(TwilioSignature.withoutFragment(url))
        .connectTimeout(connectTimeoutMs)
        .timeout(timeoutMs)
        .putHeader(IDEMPOTENCY_HEADER, idempotencyToken);
    if (signature != null) {
      request.putHeader(TwilioSignature.HEADER, signature);
    }
    return request
        .putHeader("Content-Type", FORM)
        .sendBuffer(Buffer.buffer(FormEncoding.encode(params)))
        .map(WebhookClient::toResponse);
  }

  private static WebhookResponse toResponse(HttpResponse<Buffer> response) {
    String body = response.body() == null ? "" : response.bodyAsString();
    return new WebhookResponse(response.statusCode(), response.headers(), body);
  }
}
