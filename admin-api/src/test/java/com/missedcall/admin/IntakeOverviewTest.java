package com.missedcall.admin;

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

/** The overview counts intake page links sent, opened and submitted, for the caller's agency only. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntakeOverviewTest {
  private AdminUnderTest admin;
  private Tenants tenants;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  /** A texted missed call with an intake link in the given state. */
  private void link(Tenants.Agency agency, long ws, String phone, boolean opened, boolean submitted) {
    Tenants.Decided call = tenants.missedCall(agency, ws, Tenants.phone(), phone);
    long conversation = tenants.queryLong("SELECT id FROM conversations WHERE lead_id = ?", call.leadId());
    tenants.execute("INSERT INTO intake_links (token_sha256, workspace_id, lead_id, conversation_id, call_id, expires_at, "
        + "first_opened_at, open_count, submitted_at) VALUES (sha256(random()::text::bytea), " + ws + ", " + call.leadId()
        + ", " + conversation + ", " + call.callId() + ", now() + interval '1 day', "
        + (opened ? "now(), 1, " : "NULL, 0, ") + (submitted ? "now()" : "NULL") + ")");
  }

  @Test
  void theOverviewCountsLinksSentOpenedAndSubmittedOfItsOwnAgencyOnly() {
    Tenants.Agency mine = tenants.agency("Intake Stats Agency");
    Tenants.Agency other = tenants.agency("Other Intake Agency");
    long ws = tenants.workspace(mine, "Intake Plumbing");
    String phone = Tenants.phone();
    tenants.number(mine, ws, phone);
    long theirs = tenants.workspace(other, "Their Intake");
    String theirPhone = Tenants.phone();
    tenants.number(other, theirs, theirPhone);
    link(mine, ws, phone, false, false);
    link(mine, ws, phone, true, false);
    link(mine, ws, phone, true, true);
    link(other, theirs, theirPhone, true, true);

    JsonObject agencyWide = admin.as(mine.key()).get("/api/v1/overview").json().getJsonObject("intake_page");
    JsonObject workspace = admin.as(mine.key()).get("/api/v1/overview?workspace_id=" + ws).json()
        .getJsonObject("intake_page");
    Api.Answer foreign = admin.as(mine.key()).get("/api/v1/overview?workspace_id=" + theirs);

    assertThat(agencyWide).isEqualTo(new JsonObject().put("sent", 3).put("opened", 2).put("submitted", 1));
    assertThat(workspace).isEqualTo(agencyWide);
    assertThat(foreign.status()).isEqualTo(404);
  }
}
