package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.recovery.secrets.SecretBox;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Twilio auth tokens and webhook signing secrets are sealed in PostgreSQL and never come back out. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsAtRestTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Api api;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    api = admin.as(tenants.agency("Sealed Agency").key());
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private static String sid() {
    StringBuilder s = new StringBuilder("AC");
    for (int i = 0; i < 32; i++) {
      s.append("0123456789abcdef".charAt(ThreadLocalRandom.current().nextInt(16)));
    }
    return s.toString();
  }

  private String stored(String column, String sid) {
    return tenants.queryString("SELECT " + column + " FROM twilio_accounts WHERE account_sid = ?", sid);
  }

  @Test
  void aRegisteredAuthTokenIsStoredSealedAndNowhereInPlaintext() {
    String sid = sid();
    String token = "f00dfeedf00dfeedf00dfeedf00d1234";
    admin.twilio().addAccount(sid, token);

    Api.Answer created = api.post("/api/v1/twilio-accounts", new JsonObject().put("account_sid", sid).put("auth_token", token));

    String row = tenants.queryString("SELECT row_to_json(a)::text FROM twilio_accounts a WHERE account_sid = ?", sid);
    assertThat(row).doesNotContain(token).doesNotContain("f00dfeed");
    assertThat(stored("auth_token", sid)).startsWith("enc:v1:test:");
    assertThat(AdminUnderTest.SECRETS.open(stored("auth_token", sid), SecretBox.twilioAccount(sid))).isEqualTo(token);
    assertThat(created.text()).doesNotContain(token).contains("\"auth_token_last4\":\"1234\"");
    assertThat(api.get("/api/v1/twilio-accounts").text()).doesNotContain(token);
  }

  @Test
  void aRotatedTokenAndTheOneItReplacesAreBothSealed() {
    String sid = sid();
    admin.twilio().addAccount(sid, "first-token-000000000");
    api.post("/api/v1/twilio-accounts", new JsonObject().put("account_sid", sid).put("auth_token", "first-token-000000000"));

    Api.Answer rotated = api.patch("/api/v1/twilio-accounts/" + sid, new JsonObject().put("auth_token", "second-token-00000000"));

    assertThat(rotated.json().getBoolean("rotating")).isTrue();
    assertThat(stored("auth_token", sid)).startsWith("enc:v1:");
    assertThat(stored("previous_auth_token", sid)).startsWith("enc:v1:");
    assertThat(AdminUnderTest.SECRETS.open(stored("auth_token", sid), SecretBox.twilioAccount(sid)))
        .isEqualTo("second-token-00000000");
    assertThat(AdminUnderTest.SECRETS.open(stored("previous_auth_token", sid), SecretBox.twilioAccount(sid)))
        .isEqualTo("first-token-000000000");
  }

  @Test
  void rotatingToTheTokenAlreadyInUseStartsNoRotation() {
    String sid = sid();
    admin.twilio().addAccount(sid, "same-token-0000000000");
    api.post("/api/v1/twilio-accounts", new JsonObject().put("account_sid", sid).put("auth_token", "same-token-0000000000"));
    String before = stored("auth_token", sid);

    Api.Answer again = api.patch("/api/v1/twilio-accounts/" + sid, new JsonObject().put("auth_token", "same-token-0000000000"));

    assertThat(again.json().getBoolean("rotating")).isFalse();
    assertThat(stored("auth_token", sid)).isEqualTo(before);
    assertThat(stored("previous_auth_token", sid)).isNull();
  }

  @Test
  void aWebhookSigningSecretIsStoredSealedAndBoundToItsEndpoint() {
    Api.Answer created = api.post("/api/v1/webhooks", new JsonObject().put("url", "https://example.com/sealed")
        .put("events", new JsonArray().add("lead.created")));
    long id = created.json().getLong("id");
    String secret = created.json().getString("secret");

    String row = tenants.queryString("SELECT secret FROM webhook_endpoints WHERE id = ?", id);
    assertThat(row).startsWith("enc:v1:test:").doesNotContain(secret.substring("whsec_".length()));
    assertThat(AdminUnderTest.SECRETS.open(row, SecretBox.webhookEndpoint(id))).isEqualTo(secret);

    String rotated = api.post("/api/v1/webhooks/" + id + "/rotate-secret", null).json().getString("secret");
    String after = tenants.queryString("SELECT secret FROM webhook_endpoints WHERE id = ?", id);
    assertThat(after).startsWith("enc:v1:test:").doesNotContain(rotated.substring("whsec_".length()));
    assertThat(AdminUnderTest.SECRETS.open(after, SecretBox.webhookEndpoint(id))).isEqualTo(rotated);
  }
}
