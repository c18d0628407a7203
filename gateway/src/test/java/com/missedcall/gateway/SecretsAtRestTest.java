package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.recovery.secrets.SecretBox;
import com.missedcall.recovery.secrets.SecretKeys;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Secrets at rest against a real gateway and PostgreSQL: plaintext rows from before are sealed at start
 * and keep working (signatures checked, texts sent with the token), keys rotate, and a key that does not
 * match the database stops the start with a message that says what to do.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsAtRestTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String NEW_KEY = Base64.getEncoder().encodeToString(
      "a-brand-new-key-for-the-rotation".getBytes(StandardCharsets.US_ASCII));
  private static final String OTHER_KEY = Base64.getEncoder().encodeToString(
      "not-the-key-that-sealed-anything".getBytes(StandardCharsets.US_ASCII));
  private TestDatabase db;
  private GatewayUnderTest gw;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    this.gw = GatewayUnderTest.start(db, redis, Map.of());
  }

  @AfterEach
  void runningWithTheTestKey() {
    if (gw.gateway() == null) {
      gw.startGateway(Map.of());
    }
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private String token(String sid) {
    return db.queryString("SELECT auth_token FROM twilio_accounts WHERE account_sid = ?", sid);
  }

  private void aMissedCallIsTextedBack(TestTenant.Created t) {
    String caller = TestTenant.randomNumber();
    assertThat(gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await().statusCode()).isEqualTo(204);
    await().atMost(WAIT).until(() -> gw.simulator().messagesTo(caller).size() == 1);
  }

  @Test
  void plaintextRowsFromBeforeAreSealedAtStartAndKeepWorking() {
    gw.stopGateway();
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    // as a version before sealing stored them
    db.queryLong("UPDATE twilio_accounts SET auth_token = ?, previous_auth_token = ? WHERE account_sid = ? RETURNING 1",
        t.authToken(), "an-older-token-0000000000000000", t.accountSid());
    long endpoint = db.queryLong("INSERT INTO webhook_endpoints (agency_id, url, events, secret) VALUES (?, ?, ?::text[], ?)"
        + " RETURNING id", t.agencyId(), "https://example.com/hook", "{lead.created}", "whsec_plaintextfrombefore0000000000");

    gw.startGateway(Map.of());

    SecretBox box = GatewayUnderTest.testSecrets();
    String row = db.queryString("SELECT row_to_json(a)::text FROM twilio_accounts a WHERE account_sid = ?", t.accountSid());
    assertThat(row).doesNotContain(t.authToken()).doesNotContain("an-older-token");
    assertThat(box.open(token(t.accountSid()), SecretBox.twilioAccount(t.accountSid()))).isEqualTo(t.authToken());
    String secret = db.queryString("SELECT secret FROM webhook_endpoints WHERE id = ?", endpoint);
    assertThat(secret).startsWith("enc:v1:test:").doesNotContain("plaintextfrombefore");
    assertThat(box.open(secret, SecretBox.webhookEndpoint(endpoint))).isEqualTo("whsec_plaintextfrombefore0000000000");
    aMissedCallIsTextedBack(t);
  }

  @Test
  void sealingAtStartIsIdempotent() {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    String before = token(t.accountSid());

    gw.stopGateway();
    gw.startGateway(Map.of());

    assertThat(token(t.accountSid())).isEqualTo(before);
  }

  @Test
  void aRotatedKeyResealsEverySecretAndTheOldKeyCanThenBeDropped() {
    TestTenant.Created t = gw.register(TestTenant.in(db).create());
    gw.stopGateway();

    gw.startGateway(Map.of("SECRETS_KEY", NEW_KEY, "SECRETS_KEY_ID", "k2",
        "SECRETS_OLD_KEYS", "test:" + GatewayUnderTest.TEST_SECRETS_KEY));

    assertThat(token(t.accountSid())).startsWith("enc:v1:k2:");
    assertThat(db.queryLong("SELECT count(*) FROM twilio_accounts WHERE auth_token NOT LIKE 'enc:v1:k2:%'")).isZero();
    aMissedCallIsTextedBack(t);
    gw.stopGateway();
    // the old key is no longer needed by anything
    gw.startGateway(Map.of("SECRETS_KEY", NEW_KEY, "SECRETS_KEY_ID", "k2"));
    aMissedCallIsTextedBack(t);
    gw.stopGateway();
    // and back, so the other tests find the test key current
    gw.startGateway(Map.of("SECRETS_OLD_KEYS", "k2:" + NEW_KEY));
    assertThat(token(t.accountSid())).startsWith("enc:v1:test:");
  }

  @Test
  void aDifferentKeyUnderTheSameIdStopsTheStartWithAClearMessage() {
    gw.register(TestTenant.in(db).create());
    gw.stopGateway();

    assertThatThrownBy(() -> gw.startGateway(Map.of("SECRETS_KEY", OTHER_KEY)))
        .hasMessageContaining("key configured under id(s) [test] is not the key")
        .hasMessageNotContaining(OTHER_KEY);
  }

  @Test
  void secretsSealedUnderAKeyIdThatIsNotConfiguredStopTheStartNamingIt() {
    gw.register(TestTenant.in(db).create());
    gw.stopGateway();

    assertThatThrownBy(() -> gw.startGateway(Map.of("SECRETS_KEY", OTHER_KEY, "SECRETS_KEY_ID", "k9")))
        .hasMessageContaining("sealed under key id(s) [test]").hasMessageContaining("SECRETS_OLD_KEYS");
  }

  @Test
  void aSealedTokenCopiedToAnotherAccountDoesNotOpen() {
    TestTenant.Created a = gw.register(TestTenant.in(db).create());
    TestTenant.Created b = gw.register(TestTenant.in(db).create());
    db.queryLong("UPDATE twilio_accounts SET auth_token = ? WHERE account_sid = ? RETURNING 1", token(a.accountSid()),
        b.accountSid());

    // b's webhooks signed with a's token are not let in with a's sealed token
    String caller = TestTenant.randomNumber();
    int status = gw.post("/twilio/voice/status", TwilioPayloads.callStatus(b.accountSid(), TwilioPayloads.newCallSid(),
        caller, b.number(), "completed", 3), a.authToken()).await().statusCode();
    assertThat(status).isNotEqualTo(204);
    assertThat(gw.simulator().messagesTo(caller)).isEmpty();
    db.queryLong("DELETE FROM tracked_numbers WHERE account_sid = ? RETURNING 1", b.accountSid());
    db.queryLong("DELETE FROM twilio_accounts WHERE account_sid = ? RETURNING 1", b.accountSid());
  }

  @Test
  void configuredKeysAreNeverPrinted() {
    SecretKeys keys = gw.gateway().config().secretKeys();
    assertThat(gw.gateway().config().toString()).doesNotContain(GatewayUnderTest.TEST_SECRETS_KEY)
        .contains(keys.currentId());
  }
}
