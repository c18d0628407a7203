package com.missedcall.admin.leads;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the lead JSON says about timing (issue #14 items 4 and 5): when the caller asked to be called back (their
 * words and the window, on the workspace's clock), and, while a delayed text-back waits, when it is scheduled.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeadCallbackTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Api api;
  private long workspace;
  private String number;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Callback Agency");
    api = admin.as(agency.key());
    workspace = tenants.workspace(agency, "Callback Plumbing");
    tenants.execute("UPDATE workspaces SET timezone = 'America/Chicago' WHERE id = " + workspace);
    number = Tenants.phone();
    tenants.number(agency, workspace, number);
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private long lead() {
    return tenants.missedCall(agency, workspace, Tenants.phone(), number).leadId();
  }

  private JsonObject detail(long lead) {
    Api.Answer answer = api.get("/api/v1/leads/" + lead);
    assertThat(answer.status()).isEqualTo(200);
    return answer.json();
  }

  @Test
  void theLeadCarriesTheCallbackWindowOnTheWorkspacesClockWithTheCallersWords() {
    long lead = lead();
    tenants.execute("UPDATE leads SET callback_time = 'Tomorrow morning', callback_from = '2026-12-05 14:00:00+00', "
        + "callback_to = '2026-12-05 18:00:00+00' WHERE id = " + lead);

    JsonObject callback = detail(lead).getJsonObject("callback");

    assertThat(callback.getString("said")).isEqualTo("Tomorrow morning");
    JsonObject window = callback.getJsonObject("window");
    assertThat(window.getString("from_local")).isEqualTo("2026-12-05T08:00:00");
    assertThat(window.getString("to_local")).isEqualTo("2026-12-05T12:00:00");
    assertThat(window.getString("timezone")).isEqualTo("America/Chicago");
    assertThat(window.getString("words")).isEqualTo("Sat Dec 5, 8:00 am-12:00 pm");
    assertThat(window.getString("from")).isEqualTo("2026-12-05T14:00:00.000Z");
  }

  @Test
  void wordsThatNamedNoTimeAreOnTheLeadWithoutAWindow() {
    long lead = lead();
    tenants.execute("UPDATE leads SET callback_time = 'whenever my wife is home' WHERE id = " + lead);

    JsonObject callback = detail(lead).getJsonObject("callback");

    assertThat(callback.getString("said")).isEqualTo("whenever my wife is home");
    assertThat(callback.getValue("window")).isNull();
  }

  @Test
  void aLeadThatNeverSaidHasNoCallbackInTheListEither() {
    long lead = lead();

    Api.Answer list = api.get("/api/v1/leads?workspace_id=" + workspace + "&limit=100");

    JsonObject listed = list.data().stream().map(JsonObject.class::cast).filter(l -> l.getLong("id") == lead)
        .findFirst().orElseThrow();
    assertThat(listed.containsKey("callback")).isTrue();
    assertThat(listed.getValue("callback")).isNull();
  }

  @Test
  void aDelayedTextBackStillWaitingIsScheduledAtItsDueTimeOnTheWorkspacesClock() {
    long lead = lead();
    tenants.execute("UPDATE messages SET send_status = 'pending', send_delay_seconds = 60, due_at = "
        + "'2026-12-04 20:05:00+00' WHERE kind = 'textback' AND lead_id = " + lead);

    JsonObject scheduled = detail(lead).getJsonObject("textback_scheduled");

    assertThat(scheduled.getString("words")).isEqualTo("Text-back scheduled at 2:05 pm CST");
    assertThat(scheduled.getString("due_local")).isEqualTo("2026-12-04T14:05:00");
    assertThat(scheduled.getInteger("delay_seconds")).isEqualTo(60);
  }

  @Test
  void aTextBackSentOrWithoutADelayIsNotShownAsScheduled() {
    long sent = lead();
    long undelayed = lead();
    tenants.execute("UPDATE messages SET send_status = 'done', send_delay_seconds = 60 WHERE kind = 'textback' "
        + "AND lead_id = " + sent);
    tenants.execute("UPDATE messages SET send_status = 'pending', send_delay_seconds = NULL WHERE kind = 'textback' "
        + "AND lead_id = " + undelayed);

    assertThat(detail(sent).getValue("textback_scheduled")).isNull();
    assertThat(detail(undelayed).getValue("textback_scheduled")).isNull();
  }
}
