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

/** The admin side of test-call mode: a workspace's test caller numbers. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestCallersTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Api api;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Test Call Agency");
    api = admin.as(agency.key());
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private String path(long workspace) {
    return "/api/v1/workspaces/" + workspace + "/test-callers";
  }

  @Test
  void aTestCallerIsAddedWithItsLabelAndListed() {
    long ws = tenants.workspace(agency, "Listed Plumbing");

    Api.Answer created = api.post(path(ws), new JsonObject().put("number", "+15005550190").put("label", "Owner's mobile"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getString("label")).isEqualTo("Owner's mobile");
    assertThat(api.get(path(ws)).data()).singleElement()
        .satisfies(o -> assertThat(((JsonObject) o).getString("number")).isEqualTo("+15005550190"));
  }

  @Test
  void theSameNumberTwiceInOneWorkspaceIsAConflictWithAStableCode() {
    long ws = tenants.workspace(agency, "Twice Plumbing");
    api.post(path(ws), new JsonObject().put("number", "+15005550191"));

    Api.Answer again = api.post(path(ws), new JsonObject().put("number", "+15005550191"));

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.code()).isEqualTo("test_caller_exists");
  }

  @Test
  void theSameNumberMayBeATestCallerOfTwoWorkspaces() {
    long one = tenants.workspace(agency, "One Plumbing");
    long two = tenants.workspace(agency, "Two Plumbing");
    api.post(path(one), new JsonObject().put("number", "+15005550192"));

    assertThat(api.post(path(two), new JsonObject().put("number", "+15005550192")).status()).isEqualTo(201);
  }

  @Test
  void aNumberThatIsNotE164IsRefusedAsInvalid() {
    long ws = tenants.workspace(agency, "Invalid Plumbing");

    Api.Answer answer = api.post(path(ws), new JsonObject().put("number", "5005550193"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_request");
    assertThat(api.get(path(ws)).data()).isEmpty();
  }

  @Test
  void anEleventhTestCallerIsRefusedWithTheLimitCode() {
    long ws = tenants.workspace(agency, "Many Plumbing");
    for (int i = 0; i < 10; i++) {
      assertThat(api.post(path(ws), new JsonObject().put("number", "+1500555021" + i)).status()).isEqualTo(201);
    }

    Api.Answer eleventh = api.post(path(ws), new JsonObject().put("number", "+15005550229"));

    assertThat(eleventh.status()).isEqualTo(409);
    assertThat(eleventh.code()).isEqualTo("test_caller_limit_reached");
  }

  @Test
  void aTestCallerIsRemovedAndTheRemovalAudited() {
    long ws = tenants.workspace(agency, "Removed Plumbing");
    long id = api.post(path(ws), new JsonObject().put("number", "+15005550194")).json().getLong("id");

    Api.Answer deleted = api.delete("/api/v1/test-callers/" + id);

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(api.get(path(ws)).data()).isEmpty();
    assertThat(tenants.queryLong("SELECT count(*) FROM audit_log WHERE action = 'test_caller.delete' AND target_id = ?",
        String.valueOf(id))).isEqualTo(1);
  }

  @Test
  void aMissingWorkspaceOrTestCallerAnswers404WithItsCode() {
    assertThat(api.get(path(987654)).code()).isEqualTo("workspace_not_found");
    assertThat(api.post(path(987654), new JsonObject().put("number", "+15005550195")).code())
        .isEqualTo("workspace_not_found");
    assertThat(api.delete("/api/v1/test-callers/987654").code()).isEqualTo("test_caller_not_found");
  }
}
