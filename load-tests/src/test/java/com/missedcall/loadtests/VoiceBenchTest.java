package com.missedcall.loadtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.missedcall.gateway.Gateway;
import com.missedcall.gateway.config.GatewayConfig;
import com.missedcall.loadtests.load.LoadPlan;
import com.missedcall.loadtests.load.LoadSummary;
import com.missedcall.loadtests.load.Schedule;
import com.missedcall.loadtests.load.VoiceCallSource;
import com.missedcall.loadtests.load.VoiceLoad;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.testing.TestServers;
import com.missedcall.twiliosim.SimulatorOptions;
import com.missedcall.twiliosim.TwilioSimulator;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's voice scenario end to end, for a few seconds: a real gateway (no model: the script path) on the
 * test's database, seeded as bench.sh seeds it (the gateway's load-test tenants, then {@link VoiceSeed}), the voice
 * generator playing whole calls at it, and the bench's report checking them in PostgreSQL. Asserts that the counts
 * agree with each other, never how fast anything was.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceBenchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int NUMBERS = 3;
  private final String account = "AC" + UUID.randomUUID().toString().replace("-", "");
  private final String token = "voice-bench-test-token-" + UUID.randomUUID().toString().substring(0, 8);
  private TestDatabase db;
  private Vertx vertx;
  private TwilioSimulator simulator;
  private Gateway gateway;
  private int port;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) throws Exception {
    this.db = db;
    vertx = Vertx.vertx();
    simulator = TwilioSimulator.start(vertx, new SimulatorOptions().port(0)).await();
    simulator.addAccount(account, token);
    port = TestServers.freePort();
    Map<String, String> env = new HashMap<>();
    env.put("EMBEDDED", "off");
    env.put("DATABASE_URL", db.url());
    env.put("SECRETS_KEY", Base64.getEncoder().encodeToString("voice-bench-test-key-32-bytes!!!".getBytes()));
    env.put("REDIS_URL", redis.url());
    env.put("REDIS_KEY_PREFIX", redis.keyPrefix());
    env.put("TWILIO_API_BASE_URL", simulator.baseUrl());
    env.put("PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
    env.put("HTTP_HOST", "127.0.0.1");
    env.put("HTTP_PORT", String.valueOf(port));
    env.put("SWEEP_INTERVAL_MS", "200");
    env.put("JOB_LEASE_SECONDS", "2");
    env.put("TWILIO_TIMEOUT_MS", "1500");
    env.put("SHUTDOWN_GRACE_SECONDS", "2");
    env.put("DECISION_TIMEOUT_MS", "5000");
    env.put("LOAD_TEST_SEED_WORKSPACES", "1");
    env.put("LOAD_TEST_ACCOUNT_SID", account);
    env.put("LOAD_TEST_AUTH_TOKEN", token);
    env.put("LOAD_TEST_WINDOW_SECONDS", "5");
    gateway = Gateway.start(GatewayConfig.load(env)).await();
    try (Connection c = db.connect()) {
      assertThat(VoiceSeed.apply(c, account, NUMBERS)).isEqualTo(NUMBERS);
      assertThat(VoiceSeed.apply(c, account, NUMBERS)).as("seeding again creates nothing").isZero();
    }
  }

  @AfterAll
  void stop() {
    if (gateway != null) {
      gateway.stop().await();
    }
    simulator.stop().await();
    vertx.close().await();
  }

  @Test
  void aFewSecondsOfVoiceCallsAreReportedWithCountsThatAddUpAndEveryCallRecoveredOnItsOwnTurns(@TempDir Path dir)
      throws Exception {
    URI target = URI.create("http://127.0.0.1:" + port);
    LoadPlan plan = new LoadPlan(target, 4, 0, 0.5, 2.5, 64, 1, 15_000, 30_000);
    VoiceCallSource source = new VoiceCallSource(account, token, target.toString(), NUMBERS, UUID.randomUUID().toString());
    long think = 20;

    VoiceLoad.Result result = VoiceLoad.run(vertx, plan, source, think).await(90, TimeUnit.SECONDS);
    ObjectNode summary = VoiceLoad.summary("voice", plan, result, new LoadSummary.Limits(1e9, 1), think,
        source.turns());
    VoiceLoad.writeExpected(dir, "voice", source, result);
    Path load = dir.resolve("voice.load.json");
    JSON.writeValue(load.toFile(), summary);
    Path results = dir.resolve("results.json");
    ObjectNode record = BenchReport.report(new String[] {"voice", load.toString(),
        dir.resolve("voice.expected.json").toString(), db.jdbcUrl() + "?user=" + db.user(), simulator.baseUrl(), "0",
        "0", results.toString(), "0"});

    System.out.println(BenchReport.line(record));
    long scheduled = new Schedule(4, 0.5, 2.5).total();
    JsonNode calls = summary.get("voice").get("all");
    JsonNode requests = summary.get("all");
    int perCall = source.turns() + 3;
    // the generator: every call and every request accounted for, once
    assertThat(calls.get("started").asLong()).isEqualTo(scheduled);
    assertThat(calls.get("completed").asLong() + calls.get("failed").asLong() + calls.get("cutOff").asLong())
        .isEqualTo(scheduled);
    assertThat(calls.get("completed").asLong()).as("no call failed: %s", summary.get("voice").get("failures"))
        .isEqualTo(scheduled);
    assertThat(requests.get("sent").asLong()).isEqualTo(scheduled * perCall)
        .isEqualTo(requests.get("acknowledged").asLong());
    assertThat(summary.get("accounted").asBoolean()).isTrue();
    assertThat(summary.get("voice").get("accounted").asBoolean()).isTrue();
    long steadyCompleted = summary.get("voice").get("steady").get("completed").asLong();
    assertThat(summary.get("voice").get("turnCount").asLong()).isEqualTo(steadyCompleted * source.turns());
    assertThat(summary.get("voice").get("greetingCount").asLong()).isEqualTo(steadyCompleted);
    // the report: PostgreSQL agrees with the generator, call by call
    assertThat(record.get("correct").asBoolean()).as(BenchReport.line(record)).isTrue();
    assertThat(record.get("voiceCallsStarted").asLong()).isEqualTo(scheduled);
    assertThat(record.get("voiceRecovered").asLong()).isEqualTo(calls.get("completed").asLong());
    assertThat(record.get("voiceTurnsStored").asLong()).isEqualTo(record.get("voiceTurnsExpected").asLong())
        .isEqualTo(scheduled * (source.turns() + 1));
    assertThat(record.get("serverScriptTurns").asLong()).isEqualTo(scheduled * source.turns());
    assertThat(record.get("callerSummaries").asLong()).isEqualTo(scheduled);
    for (String zero : new String[] {"missingTurns", "duplicateTurns", "duplicateOutcomes", "crossedTurns",
        "sharedConversations", "nonScriptTurns", "textBacksToRecovered", "lost"}) {
      assertThat(record.get(zero).asLong()).as(zero).isZero();
    }
    assertThat(record.get("voiceCallsPerSecond").asDouble()).isCloseTo(steadyCompleted / 2.5, within(0.01));
    // the scenario's headline: the script path's turn latency p99, measured over every steady turn
    assertThat(record.get("turnPath").asText()).isEqualTo("script");
    assertThat(record.get("turnP99Ms").asDouble()).isPositive()
        .isGreaterThanOrEqualTo(record.get("turnP50Ms").asDouble())
        .isLessThanOrEqualTo(record.get("turnMaxMs").asDouble());
    assertThat(BenchReport.line(record)).contains("voice calls/s completed").contains("(script path)").endsWith("OK");
    assertThat(JSON.readTree(results.toFile())).hasSize(1);
    assertThat(Files.readAllLines(dir.resolve("voice.calls.tsv"))).hasSize((int) scheduled);
    assertThat(db.queryLong("SELECT count(*) FROM messages WHERE kind = 'textback' AND to_number LIKE '+1610%'"))
        .isZero();
  }
}
