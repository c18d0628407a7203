package com.missedcall.gateway.embedded;

import static com.missedcall.gateway.support.ConversationFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.ConversationFixture;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.MutableClock;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.recovery.db.DatabaseUrl;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The embedded demo's data: a gateway started with the demo seed gets a workspace whose profile and team
 * numbers run the whole conversation loop (text-back, intake, urgent alert, summaries, follow-up, on call),
 * and a second start, or a workspace someone has since edited, changes nothing.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoSeedTest {
  private TestDatabase db;
  private GatewayUnderTest gw;
  private ConversationFixture c;
  private TestTenant.Created demo;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of("DEMO_SEED", "true"),
        MutableClock.at(LocalTime.NOON, ZoneId.of("America/New_York")));
    c = new ConversationFixture(gw, db);
    long workspace = db.queryLong("SELECT workspace_id FROM tracked_numbers WHERE phone_number = ?",
        DemoSeed.FORWARDING_NUMBER);
    long agency = db.queryLong("SELECT agency_id FROM workspaces WHERE id = ?", workspace);
    demo = gw.register(new TestTenant.Created(agency, workspace, DemoSeed.ACCOUNT_SID, DemoSeed.AUTH_TOKEN,
        DemoSeed.FORWARDING_NUMBER));
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @Test
  void theDemoWorkspaceAnswersFromItsProfileAndTellsItsTeam() {
    String caller = TestTenant.randomNumber();
    c.missedCall(demo, caller);

    String hours = c.textAndAwaitReply(demo, caller, "What are your hours?");
    String askAddress = c.textAndAwaitReply(demo, caller, "Burst pipe in the basement, water everywhere");
    String summary = c.textAndAwaitReply(demo, caller, "12 Atlantic Ave, Brooklyn");
    String booking = c.textAndAwaitReply(demo, caller, "Can I book an appointment?");

    assertThat(c.bodiesTo(caller).get(0)).startsWith("Joe's Plumbing");
    assertThat(hours).contains("Our hours: " + DemoSeed.HOURS);
    assertThat(askAddress).contains("address");
    assertThat(summary).contains("Burst pipe").contains("12 Atlantic Ave").contains("emergency");
    assertThat(booking).contains(DemoSeed.BOOKING_LINK);
    await().atMost(WAIT).until(() -> c.textsTo(DemoSeed.ALERT_NUMBER).size() == 1
        && c.textsTo(DemoSeed.TEAM_NUMBER).size() == 1);
    assertThat(c.bodiesTo(DemoSeed.ALERT_NUMBER).get(0)).startsWith("URGENT Joe's Plumbing").contains(caller);
    assertThat(c.bodiesTo(DemoSeed.TEAM_NUMBER).get(0)).contains(caller).contains("12 Atlantic Ave");
  }

  @Test
  void aSilentCallerIsFollowedUpAndThenTheOnCallNumberIsAsked() {
    String caller = TestTenant.randomNumber();
    c.missedCall(demo, caller);
    long conversation = c.conversation(demo, caller);
    int before = c.textsTo(DemoSeed.ON_CALL_NUMBER).size();

    assertThat(c.makeDue(conversation, "followup")).isEqualTo(1);
    await().atMost(WAIT).until(() -> c.textsTo(caller).size() == 2);
    await().atMost(WAIT).until(() -> c.makeDue(conversation, "oncall") == 1);

    await().atMost(WAIT).until(() -> c.textsTo(DemoSeed.ON_CALL_NUMBER).size() == before + 1);
    assertThat(c.bodiesTo(DemoSeed.ON_CALL_NUMBER).get(before)).contains(caller);
  }

  @Test
  void aSecondStartChangesNothingAndWhatSomeoneEditedIsKept() {
    String seeded = snapshot();
    assertThat(seeded).contains(DemoSeed.SERVICES, DemoSeed.SERVICE_AREA, DemoSeed.BOOKING_LINK)
        .contains("alert " + DemoSeed.ALERT_NUMBER, "on_call " + DemoSeed.ON_CALL_NUMBER,
            "team " + DemoSeed.TEAM_NUMBER);

    gw.stopGateway();
    gw.startGateway(Map.of());
    assertThat(snapshot()).isEqualTo(seeded);
    assertThat(db.queryLong("SELECT count(*) FROM workspaces")).isEqualTo(1);

    Pool pool = PgBuilder.pool().connectingTo(DatabaseUrl.parse(db.url()).connectOptions())
        .using(gw.clientVertx()).build();
    try {
      db.execute("UPDATE workspaces SET services = 'Drains only' WHERE id = " + demo.workspaceId());
      db.execute("DELETE FROM notification_numbers WHERE kind = 'team' AND workspace_id = " + demo.workspaceId());
      String edited = snapshot();
      DemoSeed.apply(pool, com.missedcall.gateway.support.GatewayUnderTest.testSecrets()).await();
      assertThat(snapshot()).isEqualTo(edited);

      // demo data seeded by a version without profiles: the profile is filled in once
      db.execute("UPDATE workspaces SET services = '', business_hours = '', service_area = '', booking_link = NULL, "
          + "contact_phone = NULL WHERE id = " + demo.workspaceId());
      db.execute("DELETE FROM notification_numbers WHERE workspace_id = " + demo.workspaceId());
      DemoSeed.apply(pool, com.missedcall.gateway.support.GatewayUnderTest.testSecrets()).await();
      assertThat(withoutUpdatedAt(snapshot())).isEqualTo(withoutUpdatedAt(seeded));
    } finally {
      pool.close().await();
    }
  }

  private static String withoutUpdatedAt(String snapshot) {
    return snapshot.replaceAll("\"updated_at\":\"[^\"]*\"", "");
  }

  /** The demo workspace's row and notification numbers, as text. */
  private String snapshot() {
    return db.queryString("SELECT row_to_json(w)::text FROM workspaces w WHERE id = ?", demo.workspaceId()) + " "
        + db.queryString("SELECT string_agg(kind || ' ' || phone, ', ' ORDER BY kind, phone) FROM notification_numbers "
        + "WHERE workspace_id = ?", demo.workspaceId());
  }
}
