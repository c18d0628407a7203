package com.missedcall.gateway;

import static com.missedcall.gateway.support.ConversationFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.ConversationFixture;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.MutableClock;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.recovery.conversations.ConversationTexts;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Quiet hours: no follow-up, summary to the caller or other message we start ourselves between 21:00
 * and 08:00 where the caller is (area code, else the workspace's time zone). Such a text is held, not
 * dropped, and sent when the window opens. The gateway's quiet-hours clock is the test's: it stands at
 * 23:30 in New York, and "the window opens" is the clock moved to 08:00 plus the held job made due.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuietHoursTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final String FOLLOW_UP = ConversationTexts.followUp("Ace Plumbing");
  private final MutableClock clock = new MutableClock();
  private TestDatabase db;
  private GatewayUnderTest gw;
  private ConversationFixture c;
  private Instant night;
  private Instant morning;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of(), clock);
    c = new ConversationFixture(gw, db);
  }

  @BeforeEach
  void lateEveningInNewYork() {
    night = MutableClock.next(LocalTime.of(23, 30), NEW_YORK);
    morning = night.atZone(NEW_YORK).toLocalDate().plusDays(1).atTime(8, 0).atZone(NEW_YORK).toInstant();
    clock.set(night);
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private TestTenant.Created tenant() {
    return gw.register(TestTenant.in(db).named("Ace Plumbing").create());
  }

  private static String callerIn(String areaCode) {
    return "+1" + areaCode + (2_000_000 + ThreadLocalRandom.current().nextInt(7_999_999));
  }

  /** Epoch second the text of this kind to {@code phone} is held until, once it is held. */
  private long heldUntil(String phone, String kind) {
    await().atMost(WAIT).until(() -> db.queryLong("SELECT count(*) FROM messages "
        + "WHERE to_number = ? AND kind = ? AND send_status = 'pending' AND due_at > now()", phone, kind) == 1);
    return db.queryLong("SELECT extract(epoch FROM due_at)::bigint FROM messages "
        + "WHERE to_number = ? AND kind = ?", phone, kind);
  }

  /** Morning comes: the clock moves past 08:00 and the held text's due time arrives. */
  private void windowOpens(String phone, String kind) {
    clock.set(morning.plusSeconds(60));
    db.execute("UPDATE messages SET due_at = now() WHERE to_number = '" + phone + "' AND kind = '" + kind + "'");
  }

  @Test
  void aFollowUpDueInTheCallersNightIsHeldUntilEightAndSentWhenTheWindowOpens() {
    TestTenant.Created t = tenant();
    String caller = callerIn("212");
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);

    c.makeDue(conversation, "followup");

    assertThat(heldUntil(caller, "followup")).isEqualTo(morning.getEpochSecond());
    assertThat(c.events(conversation, "message_held", "quiet_hours")).isEqualTo(1);
    assertThat(c.textsTo(caller)).hasSize(1);
    windowOpens(caller, "followup");
    await().atMost(WAIT).until(() -> c.textsTo(caller).size() == 2);
    assertThat(c.textsTo(caller).get(1).body()).isEqualTo(FOLLOW_UP);
  }

  @Test
  void theCallersAreaCodeDecidesAndTheWorkspaceTimeZoneIsTheFallback() {
    TestTenant.Created t = tenant();
    String losAngeles = callerIn("310");
    String unknownArea = TestTenant.randomNumber();
    c.missedCall(t, losAngeles);
    c.missedCall(t, unknownArea);

    c.makeDue(c.conversation(t, losAngeles), "followup");
    c.makeDue(c.conversation(t, unknownArea), "followup");

    await().atMost(WAIT).until(() -> c.textsTo(losAngeles).size() == 2);
    assertThat(heldUntil(unknownArea, "followup")).isEqualTo(morning.getEpochSecond());
    assertThat(c.textsTo(unknownArea)).hasSize(1);
  }

  @Test
  void aTextBackAtNightIsSentByDefaultAndHeldWhenTheWorkspaceDoesNotExemptIt() {
    TestTenant.Created exempt = tenant();
    TestTenant.Created strict = tenant();
    c.profile(strict, "textback_quiet_hours_exempt = false");
    String first = callerIn("212");
    String second = callerIn("212");

    c.missedCall(exempt, first);
    String callSid = TwilioPayloads.newCallSid();
    gw.forwardedCallEnded(strict, callSid, second).await();

    assertThat(c.textsTo(first)).hasSize(1);
    assertThat(db.queryString("SELECT reason FROM calls WHERE call_sid = ?", callSid)).isEqualTo("texted");
    assertThat(heldUntil(second, "textback")).isEqualTo(morning.getEpochSecond());
    assertThat(c.textsTo(second)).isEmpty();
    windowOpens(second, "textback");
    await().atMost(WAIT).until(() -> c.textsTo(second).size() == 1);
    assertThat(c.textsTo(second).get(0).body()).startsWith("Ace Plumbing");
  }

  @Test
  void repliesToTheCallerGoOutAtNightButTheCallerSummaryWaitsForTheMorning() {
    TestTenant.Created t = tenant();
    String caller = callerIn("212");
    String team = TestTenant.randomNumber();
    c.notifies(t, "team", team);
    c.missedCall(t, caller);

    assertThat(c.textAndAwaitReply(t, caller, "Our furnace makes a banging noise")).contains("address");
    assertThat(c.textAndAwaitReply(t, caller, "8 Maple Lane")).contains("How urgent");
    assertThat(c.textAndAwaitReply(t, caller, "It can wait a few days")).contains("call you back");
    c.text(t, caller, "tomorrow morning");

    assertThat(heldUntil(caller, "caller_summary")).isEqualTo(morning.getEpochSecond());
    await().atMost(WAIT).until(() -> c.textsTo(team).size() == 1);
    assertThat(c.textsTo(caller)).hasSize(4);
    windowOpens(caller, "caller_summary");
    await().atMost(WAIT).until(() -> c.textsTo(caller).size() == 5);
    assertThat(c.textsTo(caller).get(4).body()).contains("8 Maple Lane");
  }
}
