package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitTest {
  private static final int LIMIT = 3;
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis, s -> new AdminSettings(s.publicBaseUrl(), s.redisKeyPrefix(),
        s.redisTimeout(), LIMIT, s.webhookTimeout(), s.webhookMaxAttempts(), s.webhookRetryBase(), s.sweepInterval(),
        s.jobLease(), s.simulatorUrl(), s.webhookAllowedNetworks(), s.twilioApiBaseUrl(), s.twilioTimeout()));
    tenants = admin.tenants();
    agency = tenants.agency("Busy Agency");
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  @Test
  void aKeyOverItsLimitGets429WithRetryAfter() {
    Api api = admin.as(tenants.key(agency.id(), "busy"));
    for (int i = 0; i < LIMIT; i++) {
      assertThat(api.get("/api/v1/me").status()).isEqualTo(200);
    }

    Api.Answer refused = api.get("/api/v1/me");

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.code()).isEqualTo("rate_limited");
    assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
    assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
  }

  @Test
  void anOperatorKeyOverTheLimitGets429WithRetryAfterToo() {
    Api operator = admin.as(tenants.operatorKey("runaway script"));
    for (int i = 0; i < LIMIT; i++) {
      assertThat(operator.get("/operator/v1/agencies").status()).isEqualTo(200);
    }

    Api.Answer refused = operator.get("/operator/v1/agencies");

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.code()).isEqualTo("rate_limited");
    assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
  }

  @Test
  void answersUnderTheLimitSayHowManyRequestsRemain() {
    Api api = admin.as(tenants.key(agency.id(), "counting"));

    Api.Answer answer = api.get("/api/v1/me");

    assertThat(answer.header("X-RateLimit-Limit")).isEqualTo(String.valueOf(LIMIT));
    assertThat(answer.header("X-RateLimit-Remaining")).isEqualTo(String.valueOf(LIMIT - 1));
  }

  @Test
  void eachKeyHasItsOwnWindow() {
    Api exhausted = admin.as(tenants.key(agency.id(), "exhausted"));
    for (int i = 0; i <= LIMIT; i++) {
      exhausted.get("/api/v1/me");
    }

    Api.Answer other = admin.as(tenants.key(agency.id(), "other")).get("/api/v1/me");

    assertThat(other.status()).isEqualTo(200);
  }
}
