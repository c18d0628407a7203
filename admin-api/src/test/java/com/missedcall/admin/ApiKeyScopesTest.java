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

/** Agency keys have a scope (full or read-only) and may expire; both are enforced on every operation. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyScopesTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private long workspace;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Scoped Agency");
    workspace = tenants.workspace(agency, "Scoped Plumbing");
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private JsonObject newKey(JsonObject body) {
    Api.Answer created = admin.as(agency.key()).post("/api/v1/api-keys", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    return created.json();
  }

  @Test
  void aReadOnlyKeyReadsEverything() {
    String key = newKey(new JsonObject().put("name", "reporting").put("scope", "read_only")).getString("key");

    assertThat(admin.as(key).get("/api/v1/workspaces/" + workspace).status()).isEqualTo(200);
    assertThat(admin.as(key).get("/api/v1/leads").status()).isEqualTo(200);
    assertThat(admin.as(key).get("/api/v1/overview").status()).isEqualTo(200);
  }

  @Test
  void aReadOnlyKeyCannotWrite() {
    String key = newKey(new JsonObject().put("name", "read only").put("scope", "read_only")).getString("key");

    Api.Answer patch = admin.as(key).patch("/api/v1/workspaces/" + workspace, new JsonObject().put("name", "Renamed"));
    Api.Answer create = admin.as(key).post("/api/v1/workspaces", new JsonObject().put("name", "New"));
    Api.Answer mint = admin.as(key).post("/api/v1/api-keys", new JsonObject().put("name", "escalate"));

    assertThat(patch.status()).isEqualTo(403);
    assertThat(patch.code()).isEqualTo("read_only_key");
    assertThat(create.code()).isEqualTo("read_only_key");
    assertThat(mint.code()).isEqualTo("read_only_key");
    assertThat(tenants.queryString("SELECT name FROM workspaces WHERE id = ?", workspace)).isEqualTo("Scoped Plumbing");
    assertThat(tenants.queryLong("SELECT count(*) FROM api_keys WHERE name = 'escalate'")).isZero();
  }

  @Test
  void aReadOnlyKeyMayPreviewATemplateBecauseNothingIsSaved() {
    String key = newKey(new JsonObject().put("name", "preview").put("scope", "read_only")).getString("key");

    Api.Answer preview = admin.as(key).post("/api/v1/workspaces/" + workspace + "/recovery/preview",
        new JsonObject().put("textback_template", "{business}: hi"));

    assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
  }

  @Test
  void anExpiredKeyIsRefusedWithItsOwnCode() {
    JsonObject created = newKey(new JsonObject().put("name", "contractor").put("expires_at", "2999-01-01T00:00:00Z"));
    String key = created.getString("key");
    assertThat(admin.as(key).get("/api/v1/me").status()).isEqualTo(200);
    tenants.execute("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = " + created.getLong("id"));

    Api.Answer answer = admin.as(key).get("/api/v1/me");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.code()).isEqualTo("api_key_expired");
    assertThat(admin.as(agency.key()).get("/api/v1/api-keys?limit=200").data().stream()
        .map(JsonObject.class::cast).filter(k -> k.getLong("id").equals(created.getLong("id")))
        .findFirst().orElseThrow().getString("status")).isEqualTo("expired");
  }

  @Test
  void aKeyCannotBeCreatedAlreadyExpired() {
    Api.Answer answer = admin.as(agency.key()).post("/api/v1/api-keys",
        new JsonObject().put("name", "stale").put("expires_at", "2001-01-01T00:00:00Z"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_expiry");
  }

  @Test
  void anUnknownScopeIsRefusedByTheContract() {
    Api.Answer answer = admin.as(agency.key()).post("/api/v1/api-keys",
        new JsonObject().put("name", "root").put("scope", "admin"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_request");
  }

  @Test
  void meTellsTheKeysScopeAndExpiry() {
    String key = newKey(new JsonObject().put("name", "me").put("scope", "read_only")
        .put("expires_at", "2999-01-01T00:00:00Z")).getString("key");

    JsonObject me = admin.as(key).get("/api/v1/me").json().getJsonObject("api_key");

    assertThat(me.getString("scope")).isEqualTo("read_only");
    assertThat(me.getString("expires_at")).isEqualTo("2999-01-01T00:00:00.000Z");
  }

  @Test
  void aKeyWithoutAScopeIsAFullKey() {
    JsonObject created = newKey(new JsonObject().put("name", "default"));

    assertThat(created.getString("scope")).isEqualTo("full");
    assertThat(created.getValue("expires_at")).isNull();
    assertThat(admin.as(created.getString("key")).patch("/api/v1/workspaces/" + workspace,
        new JsonObject().put("services", "Pipes")).status()).isEqualTo(200);
  }
}
