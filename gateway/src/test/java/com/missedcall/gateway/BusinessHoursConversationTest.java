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
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Business hours as data in the conversation workers: the follow-up waits while the business is closed (after
 * hours or a holiday) and goes once it opens; the intake script answers "are you open?" from the data.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BusinessHoursConversationTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final String ALWAYS_OPEN = "{" + String.join(",", java.util.stream.Stream.of("monday", "tuesday",
      "wednesday", "thursday", "friday", "saturday", "sunday")
      .map(d -> "\"" + d + "\": [{\"opens\": \"00:00\", \"closes\": \"24:00\"}]").toList()) + "}";
  private TestDatabase db;
  private GatewayUnderTest gw;
  private ConversationFixture c;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of(), MutableClock.at(LocalTime.NOON, NEW_YORK));
    c = new ConversationFixture(gw, db);
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private TestTenant.Created tenant() {
    return gw.register(TestTenant.in(db).named("Ace Plumbing").create());
  }

  /** Open around the clock, except a closure from yesterday to tomorrow (so "today" is closed whenever it runs). */
  private void closedForThreeDays(TestTenant.Created t, String label) {
    LocalDate today = LocalDate.now(NEW_YORK);
    db.execute("INSERT INTO workspace_hours (workspace_id, weekly, closures) VALUES (" + t.workspaceId() + ", '"
        + ALWAYS_OPEN + "', '[{\"from\": \"" + today.minusDays(1) + "\", \"to\": \"" + today.plusDays(1)
        + "\", \"label\": \"" + label + "\"}]')");
  }

  @Test
  void aFollowUpDueWhileTheBusinessIsClosedWaitsUntilItOpens() {
    TestTenant.Created t = tenant();
    closedForThreeDays(t, "Winter break");
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);

    c.makeDue(conversation, "followup");

    c.awaitEvent(conversation, "followup_held", "business_closed");
    c.awaitSettled(t);
    assertThat(c.timerWaits(conversation, "followup")).isTrue();
    String opensAt = LocalDate.now(NEW_YORK).plusDays(2).atStartOfDay(NEW_YORK).toInstant().toString();
    assertThat(db.queryString("SELECT to_char(followup_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
        + "FROM conversations WHERE id = ? AND followup_step = 'followup'", conversation)).isEqualTo(opensAt);
    assertThat(c.textsTo(caller)).hasSize(1);
  }

  @Test
  void aFollowUpDueWhileTheBusinessIsOpenGoesOutAtOnce() {
    TestTenant.Created t = tenant();
    db.execute("INSERT INTO workspace_hours (workspace_id, weekly) VALUES (" + t.workspaceId() + ", '" + ALWAYS_OPEN
        + "')");
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);
    long conversation = c.conversation(t, caller);

    c.makeDue(conversation, "followup");

    await().atMost(WAIT).until(() -> c.textsTo(caller).size() == 2);
    assertThat(c.textsTo(caller).get(1).body()).isEqualTo(ConversationTexts.followUp("Ace Plumbing"));
    assertThat(c.events(conversation, "followup_held", "business_closed")).isZero();
  }

  @Test
  void theIntakeScriptAnswersWhetherWeAreOpenFromTheHours() {
    TestTenant.Created t = tenant();
    closedForThreeDays(t, "Christmas Day");
    String caller = TestTenant.randomNumber();
    c.missedCall(t, caller);

    String reply = c.textAndAwaitReply(t, caller, "Are you open today?");

    assertThat(reply).contains("Our hours: Mon-Sun open 24 hours. We're closed now (Christmas Day) and open again")
        .endsWith("What can we help you with?");
  }
}
