package com.missedcall.admin.support;

import com.missedcall.admin.AdminApi;
import com.missedcall.admin.AdminSettings;
import com.missedcall.admin.webhooks.WebhookDispatcher;
import com.missedcall.admin.webhooks.destination.AllowedNetworks;
import com.missedcall.admin.webhooks.destination.HostResolver;
import com.missedcall.recovery.conversations.ConversationService;
import com.missedcall.recovery.conversations.ConversationStore;
import com.missedcall.recovery.db.DatabaseUrl;
import com.missedcall.recovery.db.Migrations;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.testing.TestServers;
import com.missedcall.twiliosim.SimulatorOptions;
import com.missedcall.twiliosim.TwilioSimulator;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.pgclient.PgBuilder;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The admin API on a real HTTP port, against the test class's real PostgreSQL database (migrated by
 * the product's own migrations) and Redis namespace, with the webhook dispatcher running and the Twilio
 * simulator answering the proofs of account and number ownership. Runs on the
 * test thread: {@code await()} is fine here, never in production code.
 */
public final class AdminUnderTest implements AutoCloseable {
  /** The key the admin API under test seals secrets with. */
  public static final com.missedcall.recovery.secrets.SecretBox SECRETS = new com.missedcall.recovery.secrets.SecretBox(
      com.missedcall.recovery.secrets.SecretKeys.of("test",
          "admin-test-secrets-key-32-bytes!".getBytes(java.nio.charset.StandardCharsets.US_ASCII), java.util.Map.of()));

  private final Vertx vertx;
  private final Pool pool;
  private final Redis redis;
  private final WebClient http;
  private final HttpServer server;
  private final String dispatcher;
  private final TestDatabase db;
  private final TwilioSimulator twilio;

  private AdminUnderTest(Vertx vertx, Pool pool, Redis redis, WebClient http, HttpServer server, String dispatcher,
                         TestDatabase db, TwilioSimulator twilio) {
    this.twilio = twilio;
    this.vertx = vertx;
    this.pool = pool;
    this.redis = redis;
    this.http = http;
    this.server = server;
    this.dispatcher = dispatcher;
    this.db = db;
  }

  /** The lease the webhook dispatcher under test claims deliveries with (in {@link #defaults}). */
  public static final Duration JOB_LEASE = Duration.ofSeconds(5);

  public static AdminSettings defaults(TestRedis redis, String twilioApiBaseUrl) {
    return new AdminSettings("https://gateway.example.test", redis.keyPrefix(), Duration.ofMillis(500), 10_000,
        Duration.ofSeconds(2), 3, Duration.ofMillis(300), Duration.ofMillis(100), JOB_LEASE, null,
        AllowedNetworks.NONE, twilioApiBaseUrl, Duration.ofSeconds(2));
  }

  /** Waits for outbox jobs (webhook deliveries) to be terminal and past the default lease, before counting. */
  public com.missedcall.testing.OutboxSettled settled() {
    return com.missedcall.testing.OutboxSettled.in(db, JOB_LEASE);
  }

  public static AdminUnderTest start(TestDatabase db, TestRedis redis) {
    return start(db, redis, s -> s);
  }

  public static AdminUnderTest start(TestDatabase db, TestRedis redis, UnaryOperator<AdminSettings> tweak) {
    return start(db, redis, tweak, null);
  }

  /** With outbound webhook host names resolved by {@code resolver} (null: the system's resolver). */
  public static AdminUnderTest start(TestDatabase db, TestRedis redis, UnaryOperator<AdminSettings> tweak,
                                     HostResolver resolver) {
    Vertx vertx = Vertx.vertx();
    TwilioSimulator twilio = TwilioSimulator.start(vertx, new SimulatorOptions()).await();
    DatabaseUrl url = DatabaseUrl.parse(db.url());
    Migrations.apply(vertx, url).await();
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(url.connectOptions()).using(vertx)
        .build();
    Redis redisClient = Redis.createClient(vertx, redis.url());
    WebClient http = WebClient.create(vertx);
    ConversationService conversations = new ConversationService(new ConversationStore(pool), vertx.eventBus());
    AdminApi api = AdminApi.create(vertx, pool, RedisAPI.api(redisClient), http,
        tweak.apply(defaults(redis, twilio.baseUrl())), SECRETS, null, conversations,
        resolver != null ? resolver : HostResolver.system(vertx)).await();
    Router router = Router.router(vertx);
    api.mount(router);
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(TestServers.freePort(), "127.0.0.1")
        .await();
    WebhookDispatcher dispatcher = api.newWebhookDispatcher(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    String deployment = vertx.deployVerticle(dispatcher).await();
    return new AdminUnderTest(vertx, pool, redisClient, http, server, deployment, db, twilio);
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  public Api as(String apiKey) {
    return new Api(this, apiKey);
  }

  public Api anonymous() {
    return new Api(this, null);
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The admin API's pool (for start-up steps a test runs as the launcher would). */
  public Pool pool() {
    return pool;
  }

  public Tenants tenants() {
    return new Tenants(db, twilio);
  }

  /** The Twilio the API proves ownership against: place accounts and numbers here as Twilio would hold them. */
  public TwilioSimulator twilio() {
    return twilio;
  }

  @Override
  public void close() {
    vertx.undeploy(dispatcher).await();
    server.close().await();
    http.close();
    redis.close();
    pool.close().await();
    vertx.close().await();
  }
}
