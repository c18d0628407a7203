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

/** Without a Twilio simulator (a real deployment) the demo endpoints say so; with one, see AdminInGatewayTest. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoUnavailableTest {
  private AdminUnderTest admin;
  private Api api;
  private long number;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    Tenants tenants = admin.tenants();
    Tenants.Agency agency = tenants.agency("No Demo Agency");
    number = tenants.number(agency, tenants.workspace(agency, "Real Co"), Tenants.phone());
    api = admin.as(agency.key());
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  @Test
  void simulatingACallWithoutASimulatorAnswersDemoUnavailable() {
    Api.Answer answer = api.post("/api/v1/demo/missed-calls", new JsonObject().put("number_id", number));

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.code()).isEqualTo("demo_unavailable");
  }

  @Test
  void theCallersPhoneWithoutASimulatorAnswersDemoUnavailable() {
    assertThat(api.get("/api/v1/demo/phones/%2B15005550100").code()).isEqualTo("demo_unavailable");
  }

  @Test
  void replyingAsTheCallerWithoutASimulatorAnswersDemoUnavailable() {
    Api.Answer answer = api.post("/api/v1/demo/phones/%2B15005550100/replies",
        new JsonObject().put("number_id", number).put("body", "Hi"));

    assertThat(answer.code()).isEqualTo("demo_unavailable");
  }

  @Test
  void meSaysThereIsNoDemo() {
    assertThat(api.get("/api/v1/me").json().getBoolean("demo")).isFalse();
  }

  @Test
  void aSimulatedCallNeedsANumber() {
    assertThat(api.post("/api/v1/demo/missed-calls", new JsonObject()).status()).isEqualTo(400);
  }
}
