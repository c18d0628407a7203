package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.WebhookResponse;
import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "503 means nothing was written" (issue 11 item 2). A decision whose statement has started is answered
 * from that statement's outcome, however long past DECISION_TIMEOUT_MS it commits; before, the webhook
 * was answered 503 at the timeout while the statement went on to commit and the caller was texted.
 * The statement is held mid-flight by taking, from the test, the per-CallSid advisory lock that
 * {@code recovery_decide} takes first.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionAnswerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int DECISION_TIMEOUT_MS = 200;
  private TestDatabase db;
  private GatewayUnderTest gw;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of("DECISION_TIMEOUT_MS", String.valueOf(DECISION_TIMEOUT_MS)));
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private long waitingAdvisoryLocks() {
    return db.queryLong("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
  }

  @Test
  void aDecisionStillCommittingAfterItsTimeoutIsAnsweredFromItsCommitAndItsRetryIsADuplicateTextedOnce()
      throws Exception {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    String callSid = TwilioPayloads.newCallSid();
    String caller = TestTenant.randomNumber();
    Future<WebhookResponse> answer;
    try (Connection holder = db.connect()) {
      try (PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(hashtextextended(?, 0))")) {
        lock.setString(1, t.accountSid() + "/" + callSid);
        lock.execute();
      }
      answer = gw.forwardedCallEnded(t, callSid, caller);
      // the decision's statement has started: it waits inside PostgreSQL for the lock
      await().atMost(WAIT).until(() -> waitingAdvisoryLocks() == 1);
      // hold it well past the decision timeout, so that only the commit can decide the answer
      await().pollDelay(Duration.ofMillis(DECISION_TIMEOUT_MS * 5L)).atMost(WAIT).until(() -> true);
      assertThat(answer.isComplete()).as("answered before its statement finished: %s",
          answer.isComplete() ? answer.result() : null).isFalse();
      try (PreparedStatement unlock = holder.prepareStatement("SELECT pg_advisory_unlock_all()")) {
        unlock.execute();
      }
    }

    WebhookResponse response = answer.await();

    String reason = db.queryString("SELECT reason FROM calls WHERE call_sid = ?", callSid);
    assertThat(reason).isEqualTo("texted");
    assertThat(response.statusCode()).as("the answer follows what was written: %s", response.body()).isEqualTo(204);

    WebhookResponse retry = gw.forwardedCallEnded(t, callSid, caller).await();

    assertThat(retry.statusCode()).isEqualTo(204);
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE call_sid = ?", callSid)).isEqualTo(1);
    await().atMost(WAIT).until(() -> "done".equals(db.queryString(
        "SELECT send_status FROM messages WHERE workspace_id = ? AND kind = 'textback'", t.workspaceId())));
    gw.settled(db).textsTo(caller);
    assertThat(gw.simulator().messagesTo(caller).size()).isEqualTo(1);
  }

  @Test
  void aDecisionThatCouldNotStartInTimeIsAnswered503AndNothingOfItIsWritten() throws Exception {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    String blockedSid = TwilioPayloads.newCallSid();
    String queuedSid = TwilioPayloads.newCallSid();
    String queuedCaller = TestTenant.randomNumber();
    Future<WebhookResponse> blocked;
    Future<WebhookResponse> queued;
    try (Connection holder = db.connect()) {
      try (PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(hashtextextended(?, 0))")) {
        lock.setString(1, t.accountSid() + "/" + blockedSid);
        lock.execute();
      }
      blocked = gw.forwardedCallEnded(t, blockedSid, TestTenant.randomNumber());
      await().atMost(WAIT).until(() -> waitingAdvisoryLocks() == 1);
      // same workspace, same lane: it queues behind the blocked statement and its time runs out there
      queued = gw.forwardedCallEnded(t, queuedSid, queuedCaller);
      WebhookResponse shed = queued.await();
      assertThat(shed.statusCode()).isEqualTo(503);
      assertThat(blocked.isComplete()).as("the statement ahead still runs").isFalse();
      try (PreparedStatement unlock = holder.prepareStatement("SELECT pg_advisory_unlock_all()")) {
        unlock.execute();
      }
    }

    assertThat(blocked.await().statusCode()).isEqualTo(204);
    assertThat(db.queryLong("SELECT count(*) FROM calls WHERE call_sid = ?", queuedSid)).isZero();
    await().during(Duration.ofSeconds(1)).atMost(WAIT)
        .until(() -> db.queryLong("SELECT count(*) FROM calls WHERE call_sid = ?", queuedSid) == 0);
    assertThat(gw.simulator().messagesTo(queuedCaller)).isEmpty();
  }
}
