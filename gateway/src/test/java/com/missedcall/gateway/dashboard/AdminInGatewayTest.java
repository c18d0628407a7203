package com.missedcall.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.admin.auth.ApiKeys;
import com.missedcall.gateway.embedded.DemoSeed;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin API and dashboard as the gateway serves them, with the real webhook path and workers behind them. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminInGatewayTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private TestDatabase db;
  private GatewayUnderTest gw;
  private TestTenant.Created tenant;
  private String key;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    // the test's webhook receiver listens on 127.0.0.1, allowed as an operator allows an internal network
    gw = GatewayUnderTest.start(db, redis, Map.of("WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8"));
    tenant = gw.register(TestTenant.in(db).named("Gateway Plumbing").create());
    key = keyFor(tenant.agencyId());
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private String keyFor(long agencyId) {
    ApiKeys.NewKey k = ApiKeys.generate();
    db.queryLong("INSERT INTO api_keys (agency_id, name, display_prefix, key_hash) VALUES (?, ?, ?, ?) RETURNING id",
        agencyId, "gateway test", k.displayPrefix(), k.hash());
    return k.key();
  }

  private HttpResponse<String> send(String method, String path, String apiKey, JsonObject body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gw.url(path))).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theDashboardIsServedAtTheRootWithAStrictContentSecurityPolicy() {
    HttpResponse<String> page = send("GET", "/", null, null);
    HttpResponse<String> chart = send("GET", "/assets/vendor/chart.umd.js", null, null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
    assertThat(page.body()).contains("/assets/js/app.js");
    assertThat(chart.statusCode()).isEqualTo(200);
    assertThat(chart.body()).contains("Chart");
  }

  @Test
  void theContractIsServedUnderApiV1() {
    HttpResponse<String> contract = send("GET", "/api/v1/openapi.json", null, null);

    assertThat(contract.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(contract.body()).getJsonObject("paths").fieldNames()).contains("/leads", "/workspaces");
  }

  @Test
  void aRealMissedCallShowsUpAsATextedLeadAndIsDeliveredAsAWebhook() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    io.vertx.core.http.HttpServer receiver = gw.clientVertx().createHttpServer()
        .requestHandler(req -> req.body().onSuccess(b -> {
          events.add(req.getHeader("X-Mcr-Event") + " " + b);
          req.response().end();
        })).listen(0, "127.0.0.1").await();
    try {
      send("POST", "/api/v1/webhooks", key, new JsonObject().put("url", "http://127.0.0.1:" + receiver.actualPort() + "/h")
          .put("events", new JsonArray().add("lead.created")));
      String caller = TestTenant.randomNumber();

      gw.forwardedCallEnded(tenant, TwilioPayloads.newCallSid(), caller).await();

      JsonObject lead = new JsonObject(send("GET", "/api/v1/leads?q=" + URLEncoder.encode(caller, StandardCharsets.UTF_8),
          key, null).body()).getJsonArray("data").getJsonObject(0);
      assertThat(lead.getJsonObject("last_reason").getString("code")).isEqualTo("texted");
      await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.startsWith("lead.created") && e.contains(caller)));
    } finally {
      receiver.close().await();
    }
  }

  @Test
  void theDemoRingsANumberThroughTheSimulatorAndShowsTheCallersPhone() {
    JsonObject number = new JsonObject(send("GET", "/api/v1/numbers", key, null).body()).getJsonArray("data").getJsonObject(0);
    String caller = TestTenant.randomNumber();

    HttpResponse<String> call = send("POST", "/api/v1/demo/missed-calls", key,
        new JsonObject().put("number_id", number.getLong("id")).put("caller", caller));

    assertThat(call.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(call.body()).getInteger("webhook_status")).isEqualTo(204);
    await().atMost(WAIT).until(() -> new JsonObject(send("GET", "/api/v1/demo/phones/"
        + URLEncoder.encode(caller, StandardCharsets.UTF_8), key, null).body()).getJsonArray("messages").size() == 1);
    assertThat(db.queryString("SELECT reason FROM calls WHERE caller = ?", caller)).isEqualTo("texted");
  }

  @Test
  void theCallerTextsBackThroughTheSimulatorAndTheConversationAnswers() {
    JsonObject number = new JsonObject(send("GET", "/api/v1/numbers", key, null).body()).getJsonArray("data").getJsonObject(0);
    String caller = TestTenant.randomNumber();
    String phonePath = "/api/v1/demo/phones/" + URLEncoder.encode(caller, StandardCharsets.UTF_8);
    send("POST", "/api/v1/demo/missed-calls", key, new JsonObject().put("number_id", number.getLong("id")).put("caller", caller));
    await().atMost(WAIT).until(() -> gw.simulator().messagesTo(caller).size() == 1);

    HttpResponse<String> reply = send("POST", phonePath + "/replies", key,
        new JsonObject().put("number_id", number.getLong("id")).put("body", "My kitchen sink is leaking"));

    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(db.queryLong("SELECT count(*) FROM messages WHERE direction = 'inbound' AND from_number = ? "
        + "AND conversation_id IS NOT NULL", caller)).isEqualTo(1);
    JsonArray thread = new JsonObject(send("GET", phonePath, key, null).body()).getJsonArray("messages");
    assertThat(thread.stream().map(m -> ((JsonObject) m).getString("direction"))).containsSubsequence("received", "sent");
    // the conversation answers the caller (the AI, or the built-in intake script without a model)
    await().atMost(WAIT).until(() -> gw.simulator().messagesTo(caller).size() >= 2);
  }

  @Test
  void aManualReplyFromTheApiReachesTheCallerThroughTheSender() {
    String caller = TestTenant.randomNumber();
    gw.forwardedCallEnded(tenant, TwilioPayloads.newCallSid(), caller).await();
    long conversation = db.queryLong("SELECT id FROM conversations WHERE caller = ?", caller);

    HttpResponse<String> sent = send("POST", "/api/v1/conversations/" + conversation + "/messages", key,
        new JsonObject().put("body", "We'll be there by noon"));

    assertThat(sent.statusCode()).isEqualTo(201);
    await().atMost(WAIT).until(() -> gw.simulator().messagesTo(caller).stream()
        .anyMatch(m -> m.body().equals("We'll be there by noon")));
  }

  @Test
  void eachDemoSeedPrintsAFreshWorkingKeyAndRevokesTheLastOne() {
    Pool pool = PgBuilder.pool().connectingTo(com.missedcall.recovery.db.DatabaseUrl.parse(db.url()).connectOptions())
        .using(gw.clientVertx()).build();
    try {
      DemoSeed.apply(pool, com.missedcall.gateway.support.GatewayUnderTest.testSecrets()).await();
      String first = DemoSeed.apiKey(pool).await();
      String second = DemoSeed.apiKey(pool).await();

      assertThat(send("GET", "/api/v1/me", second, null).statusCode()).isEqualTo(200);
      assertThat(send("GET", "/api/v1/me", first, null).statusCode()).isEqualTo(401);
      assertThat(new JsonObject(send("GET", "/api/v1/me", second, null).body()).getJsonObject("agency")
          .getBoolean("may_set_plans")).isTrue();
    } finally {
      pool.close().await();
    }
  }

  @Test
  void anIngressOnlyProcessServesNoAdminApi() {
    gw.stopGateway();
    try {
      gw.startGateway(Map.of("ROLE", "ingress"));

      assertThat(send("GET", "/api/v1/me", key, null).statusCode()).isEqualTo(404);
      assertThat(send("GET", "/", null, null).statusCode()).isEqualTo(404);
    } finally {
      gw.stopGateway();
      gw.startGateway(Map.of());
    }
  }
}
