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

/** A team alert or summary about a caller is never the caller's "last message" in the conversations list. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConversationLastMessageTest {
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

  @Test
  void theLastMessageIsTheCallersThreadNotTheTeamsAlert() {
    Tenants.Agency agency = tenants.agency("Last Message Agency");
    Api api = admin.as(agency.key());
    long ws = tenants.workspace(agency, "Last Message Plumbing");
    String tracked = Tenants.phone();
    tenants.number(agency, ws, tracked);
    Tenants.Decided call = tenants.missedCall(agency, ws, Tenants.phone(), tracked);
    long conversation = tenants.queryLong("SELECT id FROM conversations WHERE lead_id = ?", call.leadId());
    for (String kind : new String[] {"team_summary", "alert"}) {
      tenants.queryLong("INSERT INTO messages (workspace_id, lead_id, conversation_id, direction, kind, from_number, "
          + "to_number, body, status) VALUES (?, ?, ?, 'outbound', ?, ?, ?, ?, 'sent') RETURNING id",
          ws, call.leadId(), conversation, kind, tracked, Tenants.phone(), "TEAM: " + kind);
    }

    JsonObject listed = api.get("/api/v1/conversations?workspace_id=" + ws).data().getJsonObject(0);

    assertThat(listed.getLong("id")).isEqualTo(conversation);
    assertThat(listed.getJsonObject("last_message").getString("body")).isEqualTo("Sorry we missed your call!");
  }
}
