package com.missedcall.twiliosim;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;

/** A test's view of the simulator: a real HTTP client speaking Twilio's REST API. */
final class TwilioApiClient {

  static final String ACCOUNT = "AC" + "0123456789abcdef".repeat(2);
  static final String TOKEN = "test-auth-token";
  static final String FROM = "+18885550100";
  static final String CALLER = "+15557654321";

  private final WebClient client;
  private final TwilioSimulator simulator;

  TwilioApiClient(Vertx vertx, TwilioSimulator simulator) {
    this.client = WebClient.create(vertx);
    this.simulator = simulator;
  }

  static TwilioSimulator startSimulator(Vertx vertx, SimulatorOptions options) {
    return await(TwilioSimulator.start(vertx, options)).addAccount(ACCOUNT, TOKEN);
  }

  static MultiMap form(String... namesAndValues) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      form.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return form;
  }

  Future<HttpResponse<Buffer>> createMessage(MultiMap form) {
    return createMessage(form, 0);
  }

  /** {@code timeoutMs} 0 waits forever, as the default client does. */
  Future<HttpResponse<Buffer>> createMessage(MultiMap form, long timeoutMs) {
    HttpRequest<Buffer> request = client.postAbs(messagesUrl()).basicAuthentication(ACCOUNT, TOKEN);
    if (timeoutMs > 0) {
      request.timeout(timeoutMs);
    }
    return request.sendForm(form);
  }

  Future<HttpResponse<Buffer>> send(String to, String body) {
    return createMessage(form("To", to, "From", FROM, "Body", body));
  }

  JsonObject sendOk(String to, String body) {
    HttpResponse<Buffer> response = await(send(to, body));
    if (response.statusCode() != 201) {
      throw new AssertionError("expected 201, got " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  HttpRequest<Buffer> get(String pathAndQuery) {
    return client.getAbs(simulator.baseUrl() + pathAndQuery).basicAuthentication(ACCOUNT, TOKEN);
  }

  HttpRequest<Buffer> raw(io.vertx.core.http.HttpMethod method, String pathAndQuery) {
    return client.requestAbs(method, simulator.baseUrl() + pathAndQuery);
  }

  String messagesUrl() {
    return simulator.baseUrl() + "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer within 10 s", e);
    }
  }

  /** The failure of {@code future}, or null if it succeeded. */
  static Throwable failureOf(Future<?> future) {
    return await(future.<Throwable>map(ignored -> null).otherwise(failure -> failure));
  }
}
