package com.missedcall.gateway.support;

import com.missedcall.gateway.Gateway;
import com.missedcall.gateway.config.GatewayConfig;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.testing.TestServers;
import com.missedcall.twiliosim.SimulatorOptions;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.TwilioSimulator;
import com.missedcall.twiliosim.WebhookClient;
import com.missedcall.twiliosim.WebhookResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A real gateway process-in-a-JVM for a test class: real PostgreSQL and Redis (or proxies in front of
 * them, so a test can take them away), and a Twilio simulator on its own Vert.x instance.
 * Runs on the test thread; {@code await()} is fine here, never in production code.
 */
public final class GatewayUnderTest implements AutoCloseable {
  /** The key every test gateway seals secrets with (tests restart gateways on one database). */
  public static final String TEST_SECRETS_KEY = java.util.Base64.getEncoder().encodeToString(
      "test-secrets-key-32-bytes-long!!".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  public static final String TEST_SECRETS_KEY_ID = "test";

  /** A box with the tests' key, e.g. to open what a test gateway stored. */
  public static com.missedcall.recovery.secrets.SecretBox testSecrets() {
    return new com.missedcall.recovery.secrets.SecretBox(com.missedcall.recovery.secrets.SecretKeys.of(
        TEST_SECRETS_KEY_ID, java.util.Base64.getDecoder().decode(TEST_SECRETS_KEY), java.util.Map.of()));
  }

  private final Vertx clientVertx;
  private final TwilioSimulator simulator;
  private final WebhookClient webhooks;
  private final Map<String, String> env;
  private final int port;
  private Clock quietHoursClock = Clock.systemUTC();
  private Gateway gateway;

  private GatewayUnderTest(Vertx clientVertx, TwilioSimulator simulator, Map<String, String> env, int port) {
    this.clientVertx = clientVertx;
    this.simulator = simulator;
    this.webhooks = WebhookClient.create(clientVertx);
    this.env = env;
    this.port = port;
  }

  /** Starts the simulator and a gateway with the given extra settings (environment variable names). */
  public static GatewayUnderTest start(TestDatabase db, TestRedis redis, Map<String, String> overrides) {
    return start(db.url(), redis.url(), redis.keyPrefix(), overrides);
  }

  public static GatewayUnderTest start(String databaseUrl, String redisUrl, String keyPrefix,
                                       Map<String, String> overrides) {
    return start(databaseUrl, redisUrl, keyPrefix, overrides, Clock.systemUTC());
  }

  /** As above, with the clock that decides quiet hours (kept across restarts). */
  public static GatewayUnderTest start(TestDatabase db, TestRedis redis, Map<String, String> overrides,
                                       Clock quietHoursClock) {
    return start(db.url(), redis.url(), redis.keyPrefix(), overrides, quietHoursClock);
  }

  public static GatewayUnderTest start(String databaseUrl, String redisUrl, String keyPrefix,
                                       Map<String, String> overrides, Clock quietHoursClock) {
    Vertx vertx = Vertx.vertx();
    TwilioSimulator simulator = TwilioSimulator.start(vertx, new SimulatorOptions().port(0).autoStatusCallbacks(true))
        .await();
    int port = TestServers.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("EMBEDDED", "off");
    env.put("DATABASE_URL", databaseUrl);
    env.put("SECRETS_KEY", TEST_SECRETS_KEY);
    env.put("SECRETS_KEY_ID", TEST_SECRETS_KEY_ID);
    env.put("REDIS_URL", redisUrl);
    env.put("REDIS_KEY_PREFIX", keyPrefix);
    env.put("TWILIO_API_BASE_URL", simulator.baseUrl());
    env.put("TWILIO_TIMEOUT_MS", "1500");
    env.put("PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
    env.put("HTTP_HOST", "127.0.0.1");
    env.put("HTTP_PORT", String.valueOf(port));
    env.put("HTTP_INSTANCES", "2");
    env.put("SWEEP_INTERVAL_MS", "200");
    env.put("JOB_LEASE_SECONDS", "2");
    env.put("NUMBER_CACHE_TTL_SECONDS", "0");
    env.put("SHUTDOWN_GRACE_SECONDS", "2");
    // the dashboard's "simulate a missed call" drives this simulator
    env.put("DEMO_SIMULATOR_URL", simulator.baseUrl());
    // a loaded 2-core CI machine must not turn slowness into 503s; outages are refused connections, not waits
    env.put("DECISION_TIMEOUT_MS", "5000");
    // tests send bursts of up to a few hundred calls at a cold sender; only the tests of the sender bound
    // (which set their own) may see calls shed for texts owed
    env.put("TEXTBACK_BACKLOG_FLOOR", "500");
    // tests look for an incoming call's pending row right after its webhook; PendingCallsTest sets its own delay
    env.put("PENDING_CALL_DELAY_MS", "0");
    env.putAll(overrides);
    GatewayUnderTest gut = new GatewayUnderTest(vertx, simulator, env, port);
    gut.quietHoursClock = quietHoursClock;
    gut.startGateway(Map.of());
    return gut;
  }

  /** (Re)starts the gateway process part, e.g. after {@link #stopGateway()}, with extra settings. */
  public void startGateway(Map<String, String> extra) {
    Map<String, String> all = new HashMap<>(env);
    all.putAll(extra);
    gateway = Gateway.start(GatewayConfig.load(all), quietHoursClock).await();
  }

  /**
   * Another gateway process on the same servers and simulator (its own port, Vert.x and pools), with extra
   * settings; the caller stops it.
   */
  public Gateway startAnother(Map<String, String> extra) {
    Map<String, String> all = new HashMap<>(env);
    int otherPort = TestServers.freePort();
    all.put("HTTP_PORT", String.valueOf(otherPort));
    all.put("PUBLIC_BASE_URL", "http://127.0.0.1:" + otherPort);
    all.putAll(extra);
    return Gateway.start(GatewayConfig.load(all), quietHoursClock).await();
  }

  public void stopGateway() {
    if (gateway != null) {
      gateway.stop().await();
      gateway = null;
    }
  }

  /** The job lease this gateway's workers claim with ({@code JOB_LEASE_SECONDS}). */
  public java.time.Duration jobLease() {
    return java.time.Duration.ofSeconds(Long.parseLong(env.get("JOB_LEASE_SECONDS")));
  }

  /** Waits for outbox jobs to be terminal and past this gateway's lease, before counting what was sent. */
  public com.missedcall.testing.OutboxSettled settled(TestDatabase db) {
    return com.missedcall.testing.OutboxSettled.in(db, jobLease());
  }

  public Gateway gateway() {
    return gateway;
  }

  /**
   * The environment of a second gateway process against the same PostgreSQL, Redis and Twilio simulator, running
   * workers only (short sweeps and leases, so a test sees it take over work).
   */
  public Map<String, String> workersOnlyProcess(TestDatabase db, TestRedis redis) {
    int port = TestServers.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("ROLE", "workers");
    env.put("EMBEDDED", "off");
    env.put("DATABASE_URL", db.url());
    env.put("SECRETS_KEY", TEST_SECRETS_KEY);
    env.put("SECRETS_KEY_ID", TEST_SECRETS_KEY_ID);
    env.put("REDIS_URL", redis.url());
    env.put("REDIS_KEY_PREFIX", redis.keyPrefix());
    env.put("TWILIO_API_BASE_URL", simulator().baseUrl());
    env.put("PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
    env.put("HTTP_HOST", "127.0.0.1");
    env.put("HTTP_PORT", String.valueOf(port));
    env.put("HTTP_INSTANCES", "1");
    env.put("SWEEP_INTERVAL_MS", "100");
    env.put("JOB_LEASE_SECONDS", "2");
    env.put("TWILIO_TIMEOUT_MS", "1500");
    env.put("SHUTDOWN_GRACE_SECONDS", "1");
    return env;
  }

  public TwilioSimulator simulator() {
    return simulator;
  }

  /** Registers a tenant's Twilio account at the simulator so the sender can authenticate. */
  public TestTenant.Created register(TestTenant.Created tenant) {
    simulator.addAccount(tenant.accountSid(), tenant.authToken());
    return tenant;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  public Future<WebhookResponse> post(String path, Map<String, String> params, String token) {
    return webhooks.post(url(path), params, token);
  }

  /** A forwarded call's final status callback: the miss, in forwarding mode. */
  public Future<WebhookResponse> forwardedCallEnded(TestTenant.Created t, String callSid, String caller) {
    return post("/twilio/voice/status",
        TwilioPayloads.callStatus(t.accountSid(), callSid, caller, t.number(), "completed", 3), t.authToken());
  }

  /** The {@code <Dial>} action of a direct-mode call. */
  public Future<WebhookResponse> dialEnded(TestTenant.Created t, String callSid, String caller, String dialStatus) {
    return post("/twilio/voice/dial-action",
        TwilioPayloads.dialAction(t.accountSid(), callSid, caller, t.number(), dialStatus), t.authToken());
  }

  public Vertx clientVertx() {
    return clientVertx;
  }

  @Override
  public void close() {
    stopGateway();
    webhooks.close();
    simulator.stop().await();
    clientVertx.close().await();
  }
}
