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

@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeamNumbersTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Api api;
  private long workspace;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    Tenants.Agency agency = tenants.agency("Team Agency");
    api = admin.as(agency.key());
    workspace = tenants.workspace(agency, "Team Plumbing");
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private String path() {
    return "/api/v1/workspaces/" + workspace + "/notification-numbers";
  }

  @Test
  void anAlertNumberIsAddedListedAndShowsInTheRecoveryChannels() {
    Api.Answer created = api.post(path(), new JsonObject().put("phone", "+15005550177").put("kind", "alert"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(api.get(path()).data().stream().map(o -> ((JsonObject) o).getString("phone"))).contains("+15005550177");
    assertThat(api.get("/api/v1/workspaces/" + workspace + "/recovery").text()).contains("1 number(s) alerted");
  }

  @Test
  void theSameNumberForTheSameKindIsAConflict() {
    api.post(path(), new JsonObject().put("phone", "+15005550178").put("kind", "team"));

    Api.Answer again = api.post(path(), new JsonObject().put("phone", "+15005550178").put("kind", "team"));

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("notification_number_exists");
  }

  @Test
  void anUnknownKindIsRefused() {
    assertThat(api.post(path(), new JsonObject().put("phone", "+15005550179").put("kind", "pager")).status()).isEqualTo(400);
  }

  @Test
  void aNumberIsRemovedAndTheRemovalAudited() {
    long id = api.post(path(), new JsonObject().put("phone", "+15005550180").put("kind", "on_call")).json().getLong("id");

    Api.Answer deleted = api.delete("/api/v1/notification-numbers/" + id);

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(tenants.queryLong("SELECT count(*) FROM notification_numbers WHERE id = ?", id)).isZero();
    assertThat(tenants.queryLong("SELECT count(*) FROM audit_log WHERE action = 'notification_number.delete'")).isEqualTo(1);
  }

  @Test
  void aMissingWorkspaceOrNumberAnswers404() {
    assertThat(api.get("/api/v1/workspaces/987654/notification-numbers").code()).isEqualTo("workspace_not_found");
    assertThat(api.post("/api/v1/workspaces/987654/notification-numbers",
        new JsonObject().put("phone", "+15005550181").put("kind", "alert")).code()).isEqualTo("workspace_not_found");
    assertThat(api.delete("/api/v1/notification-numbers/987654").code()).isEqualTo("notification_number_not_found");
  }
}
