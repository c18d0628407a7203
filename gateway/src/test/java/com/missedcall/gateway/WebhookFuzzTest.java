package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import com.missedcall.twiliosim.WebhookResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Correctly signed webhooks whose fields hold random text (drawn with jqwik's generators: control
 * characters, non-ASCII, form syntax), against a real gateway and database: every route answers 2xx or
 * 4xx, never a 5xx, so no field's value can make the storage refuse a statement it shares with others.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookFuzzTest {
  private static final List<String> ROUTES = List.of("/twilio/voice/incoming", "/twilio/voice/dial-action",
      "/twilio/voice/status", "/twilio/messages/status", "/twilio/sms/inbound");
  private static final List<String> FIELDS = List.of("CallSid", "From", "To", "CallStatus", "DialCallStatus",
      "CallDuration", "Body", "MessageSid", "SmsSid", "MessageStatus", "ErrorCode", "Direction", "ParentCallSid",
      "SpeechResult", "OptOutType", "NumSegments");
  private static final char[] NASTY = "\u0000\u0001\u001f\t\n\r\u007f%&=+ \u00f1\u65e5\uFFFD\u200b\u0085-0123456789"
      .toCharArray();
  private TestDatabase db;
  private GatewayUnderTest gw;
  private TestTenant.Created tenant;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of());
    tenant = gw.register(TestTenant.in(db).create());
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private Arbitrary<Map<String, String>> forms() {
    Arbitrary<String> value = Arbitraries.oneOf(
        Arbitraries.strings().withChars(NASTY).ofMaxLength(20),
        Arbitraries.strings().all().ofMaxLength(20),
        Arbitraries.of("completed", "no-answer", "busy", "failed", "ringing", "delivered", "undelivered", "30006",
            "inbound", "STOP"),
        Arbitraries.strings().numeric().ofMaxLength(25).map(s -> "+" + s));
    Arbitrary<Map<String, String>> fields = Arbitraries.maps(Arbitraries.of(FIELDS), value).ofMaxSize(6);
    return Combinators.combine(fields, Arbitraries.of(true, false)).as((random, withSids) -> {
      Map<String, String> form = new HashMap<>();
      if (withSids) {
        // a realistic skeleton, so the random fields reach the decision and the stores
        form.putAll(TwilioPayloads.callStatus(tenant.accountSid(), TwilioPayloads.newCallSid(),
            TestTenant.randomNumber(), tenant.number(), "completed", 3));
        form.put("MessageSid", TwilioPayloads.newMessageSid());
      }
      form.putAll(random);
      form.put("AccountSid", tenant.accountSid());
      return form;
    });
  }

  @Test
  void noSignedFormMakesAWebhookRouteAnswerA5xx() {
    Arbitrary<String> routes = Arbitraries.of(ROUTES);
    Combinators.combine(routes, forms()).as(Map::entry).sampleStream().limit(400).forEach(sample -> {
      WebhookResponse response = gw.post(sample.getKey(), sample.getValue(), tenant.authToken()).await();

      assertThat(response.statusCode()).as("%s %s -> %s", sample.getKey(), escape(sample.getValue()), response.body())
          .isLessThan(500);
    });
  }

  private static String escape(Map<String, String> form) {
    StringBuilder out = new StringBuilder();
    form.forEach((k, v) -> {
      out.append(k).append('=');
      v.codePoints().forEach(cp -> out.append(cp >= 0x20 && cp < 0x7F ? Character.toString(cp)
          : String.format("\\u{%x}", cp)));
      out.append(' ');
    });
    return out.toString();
  }
}
