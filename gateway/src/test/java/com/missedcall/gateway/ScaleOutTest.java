package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.GatewayProcess;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.OutboxSettled;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.SimulatorOptions;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.TwilioSimulator;
import com.missedcall.twiliosim.WebhookClient;
import com.missedcall.twiliosim.WebhookResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three gateway processes (separate JVMs) behind one public URL share one PostgreSQL and one Redis, and
 * Twilio's webhooks reach several of them at once, as a load balancer and Twilio's retries make happen.
 * Every process signs-checks against the same PUBLIC_BASE_URL; the test signs for that URL and posts to
 * each process's own port.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutTest {
  private static final String PUBLIC_BASE_URL = "https://calls.scale-out.example";
  private static final String STATUS_PATH = "/twilio/voice/status";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int TWILIO_ATTEMPTS = 5;
  private static final Duration TWILIO_RETRY_DELAY = Duration.ofMillis(250);

  private TestDatabase db;
  private Vertx vertx;
  private TwilioSimulator simulator;
  private WebhookClient twilio;
  private final List<GatewayProcess> processes = new ArrayList<>();

  private record Call(String callSid, String caller) {}

  @BeforeAll
  void start(TestDatabase db, TestRedis redis, @TempDir Path dir) {
    this.db = db;
    vertx = Vertx.vertx();
    simulator = TwilioSimulator.start(vertx, new SimulatorOptions().port(0)).await();
    twilio = WebhookClient.create(vertx);
    // all three start together, as replicas of a Deployment do: migrations must cope with that too
    processes.addAll(GatewayProcess.launchAll(dir,
        GatewayProcess.sharedSettings(db, redis, simulator.baseUrl(), PUBLIC_BASE_URL), "gw-a", "gw-b", "gw-c"));
  }

  @AfterAll
  void stop() {
    processes.forEach(GatewayProcess::close);
    if (twilio != null) {
      twilio.close();
    }
    if (simulator != null) {
      simulator.stop().await();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  @Order(1)
  void eachMissedCallDeliveredToSeveralProcessesAtOnceBecomesOneLeadAndOneText() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    List<Call> calls = newCalls(30);
    List<Future<WebhookResponse>> deliveries = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      for (GatewayProcess p : someProcesses(i)) {
        deliveries.add(deliver(p, t, calls.get(i)));
      }
    }

    Future.join(deliveries).await();

    assertThat(deliveries).allSatisfy(d -> assertThat(d.result().statusCode()).isEqualTo(204));
    assertThat(count("SELECT count(*) FROM leads WHERE workspace_id = ?", t)).isEqualTo(calls.size());
    assertThat(count("SELECT count(*) FROM calls WHERE workspace_id = ?", t)).isEqualTo(calls.size());
    assertThat(count("SELECT count(*) FROM calls WHERE workspace_id = ? AND reason = 'texted'", t))
        .isEqualTo(calls.size());
    assertThat(count("SELECT count(*) FROM messages WHERE workspace_id = ? AND kind = 'textback'", t))
        .isEqualTo(calls.size());
    await().atMost(WAIT).until(() -> calls.stream().allMatch(c -> textsTo(c) >= 1));
    OutboxSettled.in(db, GatewayProcess.JOB_LEASE).textsOf(t.workspaceId());
    assertThat(calls).allSatisfy(c -> assertThat(textsTo(c)).isEqualTo(1));
  }

  @Test
  @Order(2)
  void aDailyCapOfNGivesExactlyNTextsAcrossTheProcesses() {
    int cap = 5;
    TestTenant.Created t = tenant(TestTenant.in(db).dailySmsCap(cap));
    List<Call> calls = newCalls(4 * cap);
    List<Future<WebhookResponse>> deliveries = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      for (GatewayProcess p : someProcesses(i)) {
        deliveries.add(deliver(p, t, calls.get(i)));
      }
    }

    Future.join(deliveries).await();

    assertThat(deliveries).allSatisfy(d -> assertThat(d.result().statusCode()).isEqualTo(204));
    assertThat(count("SELECT count(*) FROM leads WHERE workspace_id = ?", t)).isEqualTo(calls.size());
    assertThat(count("SELECT count(*) FROM calls WHERE workspace_id = ? AND reason = 'texted'", t)).isEqualTo(cap);
    assertThat(count("SELECT count(*) FROM calls WHERE workspace_id = ? AND reason = 'daily_sms_cap_reached'", t))
        .isEqualTo(calls.size() - cap);
    await().atMost(WAIT).until(() -> textsFrom(t) == cap);
    OutboxSettled.in(db, GatewayProcess.JOB_LEASE).textsOf(t.workspaceId());
    assertThat(textsFrom(t)).isEqualTo(cap);
  }

  @Test
  @Order(3) // kills a process: runs last
  void killingOneProcessMidBurstLosesNoCallAndSendsNoSecondText() {
    TestTenant.Created t = tenant(TestTenant.in(db));
    GatewayProcess victim = processes.get(0);
    List<GatewayProcess> survivors = processes.subList(1, processes.size());
    List<Call> calls = newCalls(24);
    List<Call> early = calls.subList(0, 12);
    List<Call> late = calls.subList(12, calls.size());
    // Twilio answers slowly, so the victim is mid-send (jobs claimed, requests out) when it dies
    simulator.faults().latency(Duration.ofMillis(800));

    List<Future<WebhookResponse>> earlyDeliveries = early.stream().map(c -> deliver(victim, t, c)).toList();
    Future.join(earlyDeliveries).await();
    await().atMost(WAIT).pollInterval(Duration.ofMillis(10))
        .until(() -> simulator.requestCount() > simulator.messages().size());
    List<Future<WebhookResponse>> toVictim = new ArrayList<>();
    List<Future<WebhookResponse>> acknowledged = new ArrayList<>();
    for (int i = 0; i < late.size(); i++) {
      Call call = late.get(i);
      GatewayProcess survivor = survivors.get(i % survivors.size());
      Future<WebhookResponse> first = postOnce(victim, t, call);
      toVictim.add(first);
      if (i % 2 == 0) {
        // delivered twice at once: the survivor's copy is the one that counts if the victim dies
        Future<WebhookResponse> fromVictim = onlySuccess(first);
        Future<WebhookResponse> fromSurvivor = onlySuccess(deliver(survivor, t, call));
        acknowledged.add(Future.any(fromVictim, fromSurvivor)
            .map(any -> fromVictim.succeeded() ? fromVictim.result() : fromSurvivor.result()));
      } else {
        // Twilio's retry (connection overrides): a failed or refused delivery goes again, to a live process
        acknowledged.add(onlySuccess(first).recover(err -> deliver(survivor, t, call)));
      }
    }
    await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> toVictim.stream().anyMatch(Future::isComplete));
    victim.kill();
    assertThat(victim.exitsWithin(Duration.ofSeconds(10))).isTrue();
    simulator.faults().clear();
    Future.join(acknowledged).transform(ar -> Future.succeededFuture()).await();

    assertThat(earlyDeliveries).allSatisfy(d -> assertThat(d.result().statusCode()).isEqualTo(204));
    assertThat(acknowledged).allSatisfy(d -> assertThat(d.succeeded()).as("acknowledged by some process: %s", d)
        .isTrue());
    assertThat(count("SELECT count(*) FROM calls WHERE workspace_id = ?", t)).isEqualTo(calls.size());
    assertThat(count("SELECT count(*) FROM calls WHERE workspace_id = ? AND reason = 'texted'", t))
        .isEqualTo(calls.size());
    assertThat(count("SELECT count(*) FROM leads WHERE workspace_id = ?", t)).isEqualTo(calls.size());
    await().atMost(WAIT).until(() -> calls.size() == count(
        "SELECT count(*) FROM messages WHERE workspace_id = ? AND kind = 'textback' AND send_status = 'done'", t));
    await().atMost(WAIT).until(() -> calls.stream().allMatch(c -> textsTo(c) >= 1));
    OutboxSettled.in(db, GatewayProcess.JOB_LEASE).textsOf(t.workspaceId());
    assertThat(calls).allSatisfy(c -> assertThat(textsTo(c)).isEqualTo(1));
    assertThat(survivors).allSatisfy(s -> assertThat(s.readiness()).as("%s still ready", s).isEqualTo(200));
    // the kill really hit sends in flight: their jobs were claimed again after the victim's leases expired
    assertThat(count("SELECT count(*) FROM messages WHERE workspace_id = ? AND kind = 'textback' AND attempts > 1", t))
        .isPositive();
  }

  private TestTenant.Created tenant(TestTenant builder) {
    TestTenant.Created t = builder.create();
    simulator.addAccount(t.accountSid(), t.authToken());
    return t;
  }

  private static List<Call> newCalls(int n) {
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      calls.add(new Call(TwilioPayloads.newCallSid(), TestTenant.randomNumber()));
    }
    return calls;
  }

  /** Two or three different processes, a different mix for each call. */
  private List<GatewayProcess> someProcesses(int i) {
    int n = processes.size();
    if (i % 2 == 0) {
      return List.of(processes.get(i % n), processes.get((i + 1) % n), processes.get((i + 2) % n));
    }
    return List.of(processes.get((i + 2) % n), processes.get(i % n));
  }

  /**
   * Delivers a call's final status callback to one process the way Twilio does with the connection overrides
   * the gateway configures: a 5xx (an overloaded process answers 503) or a failed connection is retried.
   */
  private Future<WebhookResponse> deliver(GatewayProcess p, TestTenant.Created t, Call call) {
    return deliver(p, t, call, TWILIO_ATTEMPTS);
  }

  private Future<WebhookResponse> deliver(GatewayProcess p, TestTenant.Created t, Call call, int attemptsLeft) {
    return postOnce(p, t, call).transform(ar -> attemptsLeft > 1 && (ar.failed() || ar.result().statusCode() >= 500)
        ? vertx.timer(TWILIO_RETRY_DELAY.toMillis()).compose(v -> deliver(p, t, call, attemptsLeft - 1))
        : ar.failed() ? Future.failedFuture(ar.cause()) : Future.succeededFuture(ar.result()));
  }

  /** One POST of a forwarded call's final status callback, signed for the public URL, to one process's port. */
  private Future<WebhookResponse> postOnce(GatewayProcess p, TestTenant.Created t, Call call) {
    return twilio.post(p.url(STATUS_PATH), PUBLIC_BASE_URL + STATUS_PATH,
        TwilioPayloads.callStatus(t.accountSid(), call.callSid(), call.caller(), t.number(), "completed", 3),
        t.authToken());
  }

  /** A 2xx, or a failure (as Twilio sees a non-2xx: not acknowledged). */
  private static Future<WebhookResponse> onlySuccess(Future<WebhookResponse> delivery) {
    return delivery.compose(r -> r.isSuccess() ? Future.succeededFuture(r)
        : Future.failedFuture("answered " + r.statusCode()));
  }

  private long count(String sql, TestTenant.Created t) {
    return db.queryLong(sql, t.workspaceId());
  }

  private long textsTo(Call call) {
    return simulator.messagesTo(call.caller()).size();
  }

  private long textsFrom(TestTenant.Created t) {
    return simulator.messages().stream().filter(m -> m.from().equals(t.number())).count();
  }
}
