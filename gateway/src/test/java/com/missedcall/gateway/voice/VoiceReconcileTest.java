package com.missedcall.gateway.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.gateway.support.VoiceCallers;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceReconcileTest {
  private TestDatabase db;
  private GatewayUnderTest gw;
  private VoiceCallers callers;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of("RECONCILE_INTERVAL_MS", "300", "RECONCILE_LOOKBACK_SECONDS", "300",
        "RECONCILE_GRACE_SECONDS", "0"));
    callers = new VoiceCallers(gw, db);
  }

  @AfterAll
  void stop() {
    callers.close();
    gw.close();
  }

  @Test
  void aVoiceCallWhoseFinalStatusCallbackWasLostIsDecidedByVoiceWhenTheReconcilerFindsIt() {
    TestTenant.Created t = callers.voiceTenant("Lost Plumbing");
    String caller = TestTenant.randomNumber();

    JsonObject record = callers.call(t, caller, VoiceCallers.hangingUpAtTurn(1), false).await();

    String callSid = record.getString("callSid");
    // the simulated call ends its simulated seconds after it started: the reconciler lists it once that is past
    await().atMost(Duration.ofSeconds(90)).until(() -> "texted".equals(
        db.queryString("SELECT reason FROM calls WHERE call_sid = ?", callSid)));
    assertThat(db.queryString("SELECT voice_outcome FROM calls WHERE call_sid = ?", callSid))
        .isEqualTo("voice_caller_hung_up");
    await().atMost(Duration.ofSeconds(20)).until(() -> gw.simulator().messagesTo(caller).size() == 1);
  }
}
