package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Query strings that cannot be decoded, or that decode to a NUL PostgreSQL refuses, answer 400 with a
 * stable code (they answered 500 before), quote nothing of a decoder's internals, and leave valid
 * requests working.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PoisonQueryTest {
  private AdminUnderTest admin;
  private Api api;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    Tenants tenants = admin.tenants();
    Tenants.Agency agency = tenants.agency("Poison Query Agency");
    tenants.workspace(agency, "Plumbing");
    api = admin.as(agency.key());
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "/api/v1/leads?q=%00, invalid_query",
      "/api/v1/leads?q=a%00b, invalid_query",
      "/api/v1/leads?q=%zz, invalid_query",
      "/api/v1/leads?q=%, invalid_query",
      "/api/v1/leads?q=%C3%28, invalid_query",
      "/api/v1/leads?stage=%zz, invalid_query",
      "/api/v1/leads?cursor=%%%%, invalid_query",
      "/api/v1/workspaces?q=%00, invalid_query",
      "/api/v1/audit-log?target_id=%00, invalid_query",
      "/api/v1/audit-log?target_id=%01x, invalid_query",
      "/api/v1/conversations?cursor=%zz, invalid_query"})
  void anUndecodableOrNulHoldingQueryIsRefusedWith400AndAStableCode(String path, String code) {
    Api.Answer answer = api.getRaw(path);

    assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo(code);
    assertThat(answer.json().getString("message")).doesNotContain("URLDecoder", "Illegal", "index", "%zz");
  }

  @Test
  void aCursorHoldingANulIsRefusedAsAnInvalidCursor() {
    String json = new JsonObject().put("s", "id").put("v", "1\u0000").put("i", 1).encode();
    String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));

    Api.Answer answer = api.get("/api/v1/workspaces?cursor=" + cursor);

    assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_cursor");
  }

  @Test
  void aNulInsideAJsonBodyIsRefusedWith400() {
    Api.Answer answer = api.post("/api/v1/workspaces", new JsonObject().put("name", "Bad\u0000Name")
        .put("timezone", "America/New_York"));

    assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
  }

  @Test
  void aValidEncodedQueryStillWorks() {
    Api.Answer answer = api.get("/api/v1/workspaces?q=Plumb%20ing+x&limit=5");

    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
  }
}
