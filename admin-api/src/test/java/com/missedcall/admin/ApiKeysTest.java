package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeysTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Keys Agency");
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  @Test
  void aRequestWithoutAKeyIsRefusedWith401AndABearerChallenge() {
    Api.Answer answer = admin.anonymous().get("/api/v1/workspaces");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.code()).isEqualTo("missing_api_key");
    assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void aKeyThatIsNotAKeyIsRefusedWithoutALookup() {
    Api.Answer answer = admin.as("not-a-key").get("/api/v1/me");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.code()).isEqualTo("invalid_api_key");
  }

  @Test
  void aWellFormedUnknownKeyIsRefused() {
    Api.Answer answer = admin.as("mcr_live_" + "A".repeat(32)).get("/api/v1/me");

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.code()).isEqualTo("invalid_api_key");
  }

  @Test
  void theKeyMayAlsoBeSentAsXApiKey() {
    Api.Answer answer = admin.anonymous().send("GET", "/api/v1/me", null, Map.of("X-Api-Key", agency.key()));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().getJsonObject("agency").getLong("id")).isEqualTo(agency.id());
  }

  @Test
  void meNamesTheAgencyAndTheKeyByItsPrefixOnly() {
    JsonObject me = admin.as(agency.key()).get("/api/v1/me").json();

    assertThat(me.getJsonObject("agency").getString("name")).isEqualTo("Keys Agency");
    assertThat(me.getJsonObject("api_key").getString("prefix")).isEqualTo(agency.key().substring(0, 15));
    assertThat(me.encode()).doesNotContain(agency.key());
  }

  @Test
  void aNewKeyIsShownOnceWithItsPrefixAndOnlyItsHashIsStored() {
    Api.Answer created = admin.as(agency.key()).post("/api/v1/api-keys", new JsonObject().put("name", "CRM sync"));

    assertThat(created.status()).isEqualTo(201);
    String key = created.json().getString("key");
    assertThat(key).matches("mcr_live_[0-9A-Za-z]{32}");
    assertThat(created.json().getString("prefix")).isEqualTo(key.substring(0, 15));
    assertThat(admin.as(agency.key()).get("/api/v1/api-keys").text()).doesNotContain(key).contains("CRM sync");
    assertThat(tenants.queryLong("SELECT count(*) FROM api_keys WHERE key_hash = sha256(convert_to(?, 'UTF8'))", key))
        .isEqualTo(1);
    assertThat(tenants.queryLong("SELECT count(*) FROM api_keys WHERE display_prefix = ? AND position(? in name) = 0",
        key.substring(0, 15), key)).isEqualTo(1);
    assertThat(admin.as(key).get("/api/v1/me").status()).isEqualTo(200);
  }

  @Test
  void aKeyWithoutANameIsRefused() {
    Api.Answer answer = admin.as(agency.key()).post("/api/v1/api-keys", new JsonObject());

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_request");
  }

  @Test
  void aRevokedKeyStopsWorkingAtOnce() {
    String other = tenants.key(agency.id(), "to revoke");
    long id = admin.as(other).get("/api/v1/me").json().getJsonObject("api_key").getLong("id");

    Api.Answer revoked = admin.as(agency.key()).delete("/api/v1/api-keys/" + id);

    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.json().getString("status")).isEqualTo("revoked");
    assertThat(admin.as(other).get("/api/v1/me").status()).isEqualTo(401);
  }

  @Test
  void revokingAnUnknownKeyAnswers404() {
    Api.Answer answer = admin.as(agency.key()).delete("/api/v1/api-keys/999999");

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.code()).isEqualTo("api_key_not_found");
  }

  @Test
  void usingAKeyRecordsWhenItWasLastUsed() {
    String key = tenants.key(agency.id(), "fresh");

    admin.as(key).get("/api/v1/me");

    assertThat(tenants.queryLong("SELECT count(*) FROM api_keys WHERE name = 'fresh' AND last_used_at IS NOT NULL"))
        .isEqualTo(1);
  }

  @Test
  void theKeyListPagesWithACursor() {
    for (int i = 0; i < 3; i++) {
      tenants.key(agency.id(), "page " + i);
    }
    Api api = admin.as(agency.key());

    Api.Answer first = api.get("/api/v1/api-keys?limit=2");
    Api.Answer second = api.get("/api/v1/api-keys?limit=2&cursor=" + first.json().getString("next_cursor"));

    assertThat(first.data()).hasSize(2);
    assertThat(second.data()).isNotEmpty();
    assertThat(second.data().getJsonObject(0).getLong("id")).isLessThan(first.data().getJsonObject(1).getLong("id"));
  }

  @Test
  void aPageSizeOutsideOneToTwoHundredIsRefused() {
    assertThat(admin.as(agency.key()).get("/api/v1/api-keys?limit=0").status()).isEqualTo(400);
    assertThat(admin.as(agency.key()).get("/api/v1/api-keys?limit=201").status()).isEqualTo(400);
  }

  @Test
  void theContractIsPublicAsJsonAndYaml() {
    Api.Answer json = admin.anonymous().get("/api/v1/openapi.json");
    Api.Answer yaml = admin.anonymous().get("/api/v1/openapi.yaml");

    assertThat(json.status()).isEqualTo(200);
    assertThat(json.json().getString("openapi")).isEqualTo("3.1.0");
    assertThat(yaml.status()).isEqualTo(200);
    assertThat(yaml.header("Content-Type")).startsWith("application/yaml");
    assertThat(yaml.text()).startsWith("openapi: 3.1.0");
  }

  @Test
  void anUnknownApiPathAnswersAJson404() {
    Api.Answer answer = admin.as(agency.key()).get("/api/v1/no-such-thing");

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.code()).isEqualTo("not_found");
  }

  @Test
  void aBodyThatIsNotJsonIsRefusedWithAStableCode() {
    Api.Answer answer = admin.as(agency.key()).send("POST", "/api/v1/api-keys", "{not json",
        Map.of("Content-Type", "application/json"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isIn("invalid_request", "invalid_json");
  }
}
