package com.missedcall.loadtests.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.twiliosim.FormEncoding;
import com.missedcall.twiliosim.TwilioSignature;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VoiceCallSourceTest {
  private static final String TOKEN = "voice-token";
  private final VoiceCallSource source =
      new VoiceCallSource("AC00000000000000000000000000000b3c", TOKEN, "http://127.0.0.1:8080/", 3, "run");

  @Test
  void eachCallHasItsOwnSidCallerAndTokenAndSpreadsOverTheVoiceNumbers() {
    VoiceCallSource.Call a = source.call(0);
    VoiceCallSource.Call b = source.call(4);

    assertThat(a.sid()).isNotEqualTo(b.sid()).hasSize(34).startsWith("CA");
    assertThat(a.caller()).isEqualTo("+16100000000");
    assertThat(b.called()).isEqualTo("+15554000001");
    assertThat(VoiceCallSource.words(b, 1)).endsWith("job 0000004");
    assertThat(VoiceCallSource.words(b, 4)).startsWith("After 5 pm").endsWith("job 0000004");
  }

  @Test
  void aTurnIsPostedToTheGatherActionAndSignedWithItsFullUrlAsTwilioDoes() {
    String twiml = "<Response><Gather action=\"http://127.0.0.1:8080/twilio/voice/turn?n=2&amp;x=1\" input=\"speech\">"
        + "<Say>What's the address?</Say></Gather></Response>";
    String action = VoiceCallSource.gatherAction(twiml);

    Webhook turn = source.turn(source.call(7), 2, action);

    assertThat(action).isEqualTo("http://127.0.0.1:8080/twilio/voice/turn?n=2&x=1");
    assertThat(turn.path()).isEqualTo("/twilio/voice/turn?n=2&x=1");
    Map<String, List<String>> params = FormEncoding.decode(turn.body().toString());
    assertThat(params.get("SpeechResult")).containsExactly("12 Main Street, Springfield, job 0000007");
    assertThat(TwilioSignature.matches(TOKEN, action, params, turn.signature())).isTrue();
  }

  @Test
  void theLastAnswerClosesTheCallAndTheDialAnswerNamesItsAction() {
    assertThat(VoiceCallSource.dialAction("<Response><Dial action=\"http://h/twilio/voice/dial-action\" timeout=\"20\">"
        + "<Number>+15559990000</Number></Dial></Response>")).isEqualTo("http://h/twilio/voice/dial-action");
    String closing = "<Response><Say>Thank you. Goodbye.</Say><Hangup/></Response>";
    assertThat(VoiceCallSource.gatherAction(closing)).isNull();
    assertThat(VoiceCallSource.hangsUp(closing)).isTrue();
  }
}
