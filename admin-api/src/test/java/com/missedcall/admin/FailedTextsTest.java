package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The failed-text view: failed and undelivered texts, newest first, by error code, each with its plain-words remedy. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailedTextsTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Api api;
  private long ws;
  private long otherWs;
  private final List<Long> filtered = new ArrayList<>();
  private long unreachable;
  private long strangers;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Failures Agency");
    api = admin.as(agency.key());
    ws = tenants.workspace(agency, "Failing Plumbing");
    otherWs = tenants.workspace(agency, "Quiet Electric");
    Tenants.Agency other = tenants.agency("Stranger Agency");
    long strangerWs = tenants.workspace(other, "Stranger Roofing");
    unreachable = text(ws, "textback", "undelivered", 30003);
    filtered.add(text(ws, "textback", "failed", 30007));
    text(ws, "ai_reply", "delivered", null);
    filtered.add(text(ws, "alert", "undelivered", 30007));
    text(otherWs, "textback", "failed", 21211);
    strangers = text(strangerWs, "textback", "failed", 30007);
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private long text(long workspace, String kind, String status, Integer code) {
    return tenants.queryLong("INSERT INTO messages (workspace_id, direction, kind, from_number, to_number, body, status,"
        + " error_code, send_status) VALUES (?, 'outbound', ?, ?, ?, 'hi', ?, ?, 'done') RETURNING id",
        workspace, kind, Tenants.phone(), Tenants.phone(), status, code);
  }

  @Test
  void aWorkspaceListsItsFailuresNewestFirstWithTheRemedyOfEachCode() {
    JsonObject page = api.get("/api/v1/failed-texts?workspace_id=" + ws).json();

    JsonArray data = page.getJsonArray("data");
    assertThat(ids(data)).containsExactly(filtered.get(1), filtered.get(0), unreachable);
    JsonObject alert = data.getJsonObject(0);
    assertThat(alert.getString("audience")).isEqualTo("team");
    assertThat(alert.getString("workspace_name")).isEqualTo("Failing Plumbing");
    assertThat(alert.getJsonObject("remedy").getString("meaning")).contains("spam");
    assertThat(alert.getJsonObject("remedy").getBoolean("fix_is_yours")).isTrue();
    JsonObject handset = data.getJsonObject(2);
    assertThat(handset.getString("audience")).isEqualTo("caller");
    assertThat(handset.getJsonObject("remedy").getString("meaning")).contains("off or out of coverage");
    assertThat(handset.getJsonObject("remedy").getBoolean("fix_is_yours")).isFalse();
    JsonArray byCode = page.getJsonArray("by_code");
    assertThat(byCode.getJsonObject(0).getInteger("error_code")).isEqualTo(30007);
    assertThat(byCode.getJsonObject(0).getLong("count")).isEqualTo(2);
    assertThat(page.getString("next_cursor")).isNull();
  }

  @Test
  void theFilterByCodeKeepsOnlyThatCodeAndPagesByKeyset() {
    JsonObject first = api.get("/api/v1/failed-texts?error_code=30007&limit=1").json();
    JsonObject second = api.get("/api/v1/failed-texts?error_code=30007&limit=1&cursor="
        + first.getString("next_cursor")).json();

    assertThat(ids(first.getJsonArray("data"))).containsExactly(filtered.get(1));
    assertThat(ids(second.getJsonArray("data"))).containsExactly(filtered.get(0));
    assertThat(second.getString("next_cursor")).isNull();
    assertThat(second.containsKey("by_code")).isFalse();
  }

  @Test
  void anUnknownCodeStillSaysWhereToLookItUp() {
    long odd = text(otherWs, "textback", "failed", 63016);

    JsonObject failure = api.get("/api/v1/failed-texts?error_code=63016").json().getJsonArray("data").getJsonObject(0);

    assertThat(failure.getLong("id")).isEqualTo(odd);
    assertThat(failure.getJsonObject("remedy").getString("remedy")).contains("twilio.com/docs/api/errors/63016");
  }

  @Test
  void anotherAgencysFailuresAndWorkspacesStayBehindTheWall() {
    JsonArray all = api.get("/api/v1/failed-texts?limit=200").json().getJsonArray("data");
    Api.Answer stranger = admin.as(tenants.key(
        tenants.queryLong("SELECT agency_id FROM messages m JOIN workspaces w ON w.id = m.workspace_id WHERE m.id = ?",
            strangers), "stranger")).get("/api/v1/failed-texts?workspace_id=" + ws);

    assertThat(ids(all)).doesNotContain(strangers);
    assertThat(stranger.status()).isEqualTo(404);
    assertThat(stranger.code()).isEqualTo("workspace_not_found");
  }

  @Test
  void aBadCursorOrCodeIs400() {
    assertThat(api.get("/api/v1/failed-texts?cursor=nonsense").status()).isEqualTo(400);
    assertThat(api.get("/api/v1/failed-texts?error_code=abc").status()).isEqualTo(400);
  }

  private static List<Long> ids(JsonArray data) {
    return data.stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }
}
