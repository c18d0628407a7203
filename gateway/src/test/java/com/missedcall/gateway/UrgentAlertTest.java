package com.missedcall.gateway;

import static com.missedcall.gateway.support.ConversationFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.ConversationFixture;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.MutableClock;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Emergency words alert the workspace's alert numbers at once, at most once per conversation. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UrgentAlertTest {
  private TestDatabase db;
  private GatewayUnderTest gw;
  private ConversationFixture c;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of(), MutableClock.at(LocalTime.NOON, ZoneId.of("America/New_York")));
    c = new ConversationFixture(gw, db);
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private TestTenant.Created tenant() {
    return gw.register(TestTenant.in(db).named("Ace Plumbing").create());
  }

  @Test
  void anEmergencyWordAlertsEveryAlertNumberOnceAndTheCallerStillGetsAnAnswer() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    String owner = TestTenant.randomNumber();
    String tech = TestTenant.randomNumber();
    c.notifies(t, "alert", owner);
    c.notifies(t, "alert", tech);
    c.missedCall(t, caller);

    String reply = c.textAndAwaitReply(t, caller, "Help, my basement is FLOODING!");
    c.textAndAwaitReply(t, caller, "Also a burst pipe under the sink, 9 Birch Road");

    await().atMost(WAIT).until(() -> c.textsTo(owner).size() == 1 && c.textsTo(tech).size() == 1);
    assertThat(c.textsTo(owner).get(0).body()).startsWith("URGENT Ace Plumbing").contains(caller)
        .contains("my basement is FLOODING");
    assertThat(c.textsTo(owner).get(0).from()).isEqualTo(t.number());
    assertThat(reply).contains("address");
    c.awaitSettled(t);
    assertThat(c.textsTo(owner)).hasSize(1);
    assertThat(c.textsTo(tech)).hasSize(1);
    assertThat(c.lead(t, caller, "urgency")).isEqualTo("emergency");
    assertThat(c.events(c.conversation(t, caller), "urgent_detected", "emergency_word")).isEqualTo(1);
  }

  @Test
  void anEmergencySkipsTheUrgencyQuestion() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    c.textAndAwaitReply(t, caller, "Gas leak in the kitchen");

    String summary = c.textAndAwaitReply(t, caller, "3 Pine Court");

    assertThat(summary).contains("Gas leak in the kitchen").contains("3 Pine Court").contains("emergency");
  }

  @Test
  void emergencyWordsAreTheWorkspacesOwn() {
    TestTenant.Created t = tenant();
    c.profile(t, "emergency_words = ARRAY['raccoon', 'roof caved']");
    String alert = TestTenant.randomNumber();
    c.notifies(t, "alert", alert);
    String first = TestTenant.randomNumber();
    String second = TestTenant.randomNumber();
    c.missedCall(t, first);
    c.missedCall(t, second);

    c.textAndAwaitReply(t, first, "My basement is flooding");
    c.textAndAwaitReply(t, second, "There's a raccoon in the attic");

    await().atMost(WAIT).until(() -> c.textsTo(alert).size() == 1);
    assertThat(c.textsTo(alert).get(0).body()).contains(second);
    c.awaitSettled(t);
    assertThat(c.textsTo(alert)).hasSize(1);
  }

  @Test
  void anEmergencyWithNoAlertNumberIsRecordedAsASkippedAlert() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);

    c.textAndAwaitReply(t, caller, "Sewage backing up into the tub");

    c.awaitEvent(c.conversation(t, caller), "alert_skipped", "no_alert_numbers");
  }
}
