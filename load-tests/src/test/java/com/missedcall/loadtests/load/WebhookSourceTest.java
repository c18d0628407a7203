package com.missedcall.loadtests.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.twiliosim.FormEncoding;
import com.twilio.security.RequestValidator;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSourceTest {
  static WebhookSource progress(int port) {
    return new WebhookSource(WebhookSource.Kind.PROGRESS, "AC00000000000000000000000000000b3c", "test-token",
        "http://127.0.0.1:" + port, 10, 5, "test");
  }

  @Test
  void missedCallsAreSignedAsTwilioSignsThemAndTwilioJavaAcceptsThem() {
    WebhookSource source = new WebhookSource(WebhookSource.Kind.MISSED, "AC00000000000000000000000000000b3c",
        "test-token", "http://gw.example:8080", 10, 1, "run");

    Webhook w = source.get(41);

    Map<String, String> params = new HashMap<>();
    FormEncoding.decode(w.body().toString()).forEach((k, v) -> params.put(k, v.get(0)));
    assertThat(new RequestValidator("test-token").validate("http://gw.example:8080" + w.path(), params,
        w.signature())).isTrue();
    assertThat(params).containsEntry("CallStatus", "completed").containsEntry("CallSid", w.sid())
        .containsEntry("From", w.caller());
  }

  @Test
  void eachMissedCallHasItsOwnCallSidAndCallerUnderTheScenarioPrefix() {
    WebhookSource source = new WebhookSource(WebhookSource.Kind.MISSED, "AC00000000000000000000000000000b3c",
        "test-token", "http://gw.example:8080", 10, 8, "run");

    assertThat(source.get(1).sid()).isNotEqualTo(source.get(2).sid()).hasSize(34).startsWith("CA8");
    assertThat(source.get(1).caller()).isNotEqualTo(source.get(2).caller()).startsWith("+1608");
  }
}
