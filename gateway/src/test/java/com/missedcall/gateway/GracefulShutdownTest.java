package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.config.GatewayConfig;
import com.missedcall.gateway.support.GatewayProcess;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.OutboxSettled;
import com.missedcall.testing.RealServersExtension;
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
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM on a gateway in its own JVM, as Kubernetes sends it: readiness turns false while the process still
 * answers, requests already in flight get their answers, texts being sent are finished or left for another
 * process, and the process is gone within SHUTDOWN_GRACE_SECONDS plus a margin for the workers' drain.
 * A webhook is held in flight by holding a row lock its decision needs (an uncommitted lead for the caller).
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GracefulShutdownTest {
  private static final String PUBLIC_BASE_URL = "https://calls.shutdown.example";
  private static final String STATUS_PATH = "/twilio/voice/status";
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Beyond the grace: the workers' send drain, closing connections, JVM exit on a busy machine. */
  private static final Duration EXIT_MARGIN = Duration.ofSeconds(15);

  private TestDatabase db;
  private Path dir;
  private Vertx vertx;
  private TwilioSimulator simulator;
  private WebhookClient twilio;
  private Map<String, String> settings;
  private final List<GatewayProcess> launched = new ArrayList<>();
  private Gateway standby;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis, @TempDir Path dir) {
    this.db = db;
    this.dir = dir;
    vertx = Vertx.vertx();
    simulator = TwilioSimulator.start(vertx, new SimulatorOptions().port(0)).await();
    twilio = WebhookClient.create(vertx);
    settings = GatewayProcess.sharedSettings(db, redis, simulator.baseUrl(), PUBLIC_BASE_URL);
  }

  @AfterEach
  void stopProcesses() {
    launched.forEach(GatewayProcess::close);
    launched.clear();
    if (standby != null) {
      standby.stop().await();
      standby = null;
    }
    simulator.faults().clear();
  }

  @AfterAll
  void stop() {
    twilio.close();
    simulator.stop().await();
    vertx.close().await();
  }

  @Test
  void onSigtermReadinessTurns503WhileAWebhookAlreadyInFlightStillGetsItsAnswer() throws SQLException {
    int grace = 20;
    GatewayProcess gateway = launch(grace);
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    String callSid = TwilioPayloads.newCallSid();
    Future<WebhookResponse> inFlight;
    try (Connection lock = holdLeadRow(t, caller)) {
      inFlight = deliver(gateway, t, callSid, caller);
      await().atMost(WAIT).until(() -> sessionsWaitingForALock() > 0);

      gateway.terminate();

      await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> gateway.readiness() != 200);
      assertThat(gateway.readiness()).as("readiness once draining (-1: nothing listens)").isEqualTo(503);
      assertThat(inFlight.isComplete()).isFalse();
      lock.rollback();
    }

    assertThat(inFlight.await().statusCode()).isEqualTo(204);
    assertExitsWithinGrace(gateway, grace);
    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", callSid)).isEqualTo("texted");
    startStandby("workers");
    await().atMost(WAIT).until(() -> simulator.messagesTo(caller).size() == 1);
  }

  @Test
  void onSigtermTextsAlreadyBeingSentAreFinishedBeforeTheProcessExits() {
    int grace = 2;
    GatewayProcess gateway = launch(grace);
    TestTenant.Created t = tenant();
    List<String> callers = new ArrayList<>();
    // Twilio answers slowly (within the send timeout): the sends are still out when the workers are stopped
    simulator.faults().latency(Duration.ofMillis(1200));
    List<Future<WebhookResponse>> deliveries = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String caller = TestTenant.randomNumber();
      callers.add(caller);
      deliveries.add(deliver(gateway, t, TwilioPayloads.newCallSid(), caller));
    }
    Future.all(deliveries).await();
    await().atMost(WAIT).pollInterval(Duration.ofMillis(10))
        .until(() -> simulator.requestCount() - simulator.messages().size() == callers.size());

    gateway.terminate();

    assertExitsWithinGrace(gateway, grace);
    assertThat(db.queryLong("SELECT count(*) FROM messages WHERE workspace_id = ? AND kind = 'textback' "
        + "AND send_status = 'done'", t.workspaceId())).as("text-backs finished by the stopping process")
        .isEqualTo(callers.size());
    assertThat(callers).allSatisfy(c -> assertThat(simulator.messagesTo(c)).hasSize(1));
  }

  @Test
  void aWebhookStillRunningWhenTheGraceEndsDoesNotKeepTheProcessAliveAndItsRetryIsTextedOnce() throws SQLException {
    int grace = 3;
    GatewayProcess gateway = launch(grace);
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    String callSid = TwilioPayloads.newCallSid();
    Future<WebhookResponse> cutOff;
    try (Connection lock = holdLeadRow(t, caller)) {
      cutOff = deliver(gateway, t, callSid, caller);
      await().atMost(WAIT).until(() -> sessionsWaitingForALock() > 0);

      gateway.terminate();

      assertExitsWithinGrace(gateway, grace);
      lock.rollback();
    }
    Gateway other = startStandby("all");
    // Twilio did not get an answer: it retries, and the load balancer sends it to a live process
    WebhookResponse retried = twilio.post("http://127.0.0.1:" + other.config().httpPort() + STATUS_PATH,
        PUBLIC_BASE_URL + STATUS_PATH, missedCall(t, callSid, caller), t.authToken()).await();

    assertThat(cutOff.failed() || !cutOff.result().isSuccess()).as("the cut-off delivery was not acknowledged: %s",
        cutOff).isTrue();
    assertThat(retried.statusCode()).isEqualTo(204);
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE call_sid = ?", callSid)).isEqualTo(1);
    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", callSid)).isEqualTo("texted");
    await().atMost(WAIT).until(() -> simulator.messagesTo(caller).size() == 1);
    OutboxSettled.in(db, GatewayProcess.JOB_LEASE).textsTo(caller);
    assertThat(simulator.messagesTo(caller)).hasSize(1);
  }

  private static void assertExitsWithinGrace(GatewayProcess gateway, int graceSeconds) {
    assertThat(gateway.exitsWithin(Duration.ofSeconds(graceSeconds).plus(EXIT_MARGIN)))
        .as(() -> gateway + " still running after SIGTERM:\n" + gateway.logTail(30))
        .isTrue();
  }

  private GatewayProcess launch(int graceSeconds) {
    Map<String, String> env = new HashMap<>(settings);
    env.put("SHUTDOWN_GRACE_SECONDS", String.valueOf(graceSeconds));
    GatewayProcess p = GatewayProcess.launch("gw-" + launched.size(), dir, env);
    launched.add(p);
    return p.awaitReady();
  }

  /** Another gateway, in this JVM, sharing the database, Redis and the simulator. */
  private Gateway startStandby(String role) {
    Map<String, String> env = new HashMap<>(settings);
    env.put("ROLE", role);
    env.put("HTTP_PORT", String.valueOf(TestServers.freePort()));
    standby = Gateway.start(GatewayConfig.load(env)).await();
    return standby;
  }

  private TestTenant.Created tenant() {
    TestTenant.Created t = TestTenant.in(db).create();
    simulator.addAccount(t.accountSid(), t.authToken());
    return t;
  }

  private static Map<String, String> missedCall(TestTenant.Created t, String callSid, String caller) {
    return TwilioPayloads.callStatus(t.accountSid(), callSid, caller, t.number(), "completed", 3);
  }

  private Future<WebhookResponse> deliver(GatewayProcess p, TestTenant.Created t, String callSid, String caller) {
    return twilio.post(p.url(STATUS_PATH), PUBLIC_BASE_URL + STATUS_PATH, missedCall(t, callSid, caller),
        t.authToken());
  }

  /**
   * Inserts the caller's lead without committing: the decision's upsert of that lead waits on it until the
   * returned connection rolls back (or closes).
   */
  private Connection holdLeadRow(TestTenant.Created t, String caller) throws SQLException {
    Connection c = db.connect();
    c.setAutoCommit(false);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO leads (workspace_id, caller) VALUES (?, ?)")) {
      ps.setLong(1, t.workspaceId());
      ps.setString(2, caller);
      ps.executeUpdate();
    }
    return c;
  }

  private long sessionsWaitingForALock() {
    return db.queryLong("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        + "AND wait_event_type = 'Lock'");
  }
}
