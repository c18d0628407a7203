package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.Fault;
import com.missedcall.twiliosim.TwilioPayloads;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A text whose outcome is unknown is looked up at Twilio before it is sent again. When that look-up keeps
 * failing the sender still stops at {@code MAX_SEND_ATTEMPTS} and gives the text up where it can be seen
 * (the job and the message failed with the reason, a counter), instead of retrying for ever; when the look-up
 * is so slow that the lease would run out mid-send, the text is given back unsent rather than sent while the
 * next claimer may look, miss it and send it again.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnknownOutcomeResendTest {
  private static final int MAX_ATTEMPTS = 3;
  private TestDatabase db;
  private GatewayUnderTest gw;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of("MAX_SEND_ATTEMPTS", String.valueOf(MAX_ATTEMPTS)));
  }

  @AfterEach
  void heal() {
    gw.simulator().faults().clear();
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @Test
  void aTextWhoseLookUpAtTwilioKeepsFailingIsGivenUpAtTheAttemptLimitWithItsReason() {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    String caller = TestTenant.randomNumber();
    // the first send's answer never comes back (outcome unknown), then every look-up before a resend fails
    gw.simulator().faults().failNext(1, Fault.dropBeforeAccept()).failNextLists(1_000, Fault.status(500, 20500));

    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await();
    gw.settled(db).textsTo(caller);

    String job = "SELECT %s FROM messages m WHERE m.to_number = ?";
    assertThat(db.queryString(job.formatted("m.send_status"), caller)).isEqualTo("failed");
    assertThat(db.queryLong(job.formatted("m.attempts"), caller)).isEqualTo(MAX_ATTEMPTS);
    assertThat(db.queryString(job.formatted("m.last_error"), caller))
        .startsWith("gave up after 3 attempts (lookup_failed): could not check Twilio before resending");
    assertThat(db.queryString(job.formatted("m.status"), caller)).isEqualTo("failed");
    assertThat(gw.simulator().messagesTo(caller)).isEmpty();
    assertThat(scrape().lines().filter(l -> l.startsWith("recovery_sms_given_up_total{reason=\"lookup_failed\"} "))
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))).containsExactly(1.0);
  }

  @Test
  void aLookUpSoSlowThatTheLeaseWouldRunOutMidSendDoesNotLeadToASecondText() {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    String caller = TestTenant.randomNumber();
    // the first send's answer never comes back; the look-up before the resend takes most of the 2 s lease, and
    // Twilio takes a second to accept: a send started then ends after the next claimer has looked and missed it
    gw.simulator().faults().failNext(1, Fault.dropBeforeAccept())
        .failNextLists(1, Fault.delayAfterAccept(java.time.Duration.ofMillis(1_200)))
        .latency(java.time.Duration.ofMillis(1_000));

    gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await();
    gw.settled(db).textsTo(caller);

    assertThat(db.queryString("SELECT send_status FROM messages WHERE to_number = ?",
        caller)).isEqualTo("done");
    assertThat(gw.simulator().messagesTo(caller)).hasSize(1);
  }

  private String scrape() {
    WebClient client = WebClient.create(gw.clientVertx());
    try {
      return client.getAbs(gw.url("/metrics")).send().await().bodyAsString();
    } finally {
      client.close();
    }
  }
}
