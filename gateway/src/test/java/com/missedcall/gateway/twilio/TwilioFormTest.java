package com.missedcall.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.missedcall.twiliosim.FormEncoding;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TwilioFormTest {
  /** The "Dial action, missed" sample of webhooks.md §8, as Twilio sends it. */
  private static final String DIAL_ACTION = "AccountSid=ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&ApiVersion=2010-04-01"
      + "&CallSid=CA00000000000000000000000000000001&CallStatus=in-progress&DialCallStatus=no-answer"
      + "&DialCallDuration=0&DialCallSid=CA00000000000000000000000000000002&Direction=inbound"
      + "&From=%2B15557654321&To=%2B18885550100";
  private static final long SEED = 20260301L;
  // characters that matter to a form parser, plus some that matter to a UTF-8 decoder
  // whole characters only, for values that must survive encoding
  private static final String FORM_SYNTAX = "%&=+ \u00f1\u65e5\t\n";
  private static final String INTERESTING = "%&=+0123456789abcdefABCDEFzZ %%&&==\u00f1\u65e5\uD83D\uDE00\uFFFD\u0000";

  @Test
  void twilioDialActionSampleParsesIntoItsParameters() {
    TwilioForm form = TwilioForm.parse(DIAL_ACTION);

    assertThat(form.params()).hasSize(10)
        .containsEntry("AccountSid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        .containsEntry("DialCallStatus", "no-answer")
        .containsEntry("From", "+15557654321")
        .containsEntry("To", "+18885550100");
    assertThat(form.repeatedKeys()).isFalse();
  }

  @Test
  void anEmptyBodyIsAnEmptyForm() {
    TwilioForm form = TwilioForm.parse("");

    assertThat(form.params()).isEmpty();
    assertThat(form.repeatedKeys()).isFalse();
  }

  @Test
  void aPlusDecodesToASpace() {
    assertThat(TwilioForm.parse("Body=Call+me+back").get("Body")).isEqualTo("Call me back");
  }

  @Test
  void anEncodedPlusDecodesToAPlus() {
    assertThat(TwilioForm.parse("From=%2B15557654321").get("From")).isEqualTo("+15557654321");
  }

  @Test
  void aRepeatedKeyIsFlaggedAndKeepsTheFirstValue() {
    TwilioForm form = TwilioForm.parse("Digits=5678&Digits=1234");

    assertThat(form.repeatedKeys()).isTrue();
    assertThat(form.get("Digits")).isEqualTo("5678");
  }

  @Test
  void aKeyRepeatedWithTheSameValueIsStillFlagged() {
    assertThat(TwilioForm.parse("Digits=1234&Digits=1234").repeatedKeys()).isTrue();
  }

  @Test
  void namesDifferingOnlyInCaseAreDistinctAndNotRepeats() {
    TwilioForm form = TwilioForm.parse("callSid=lowercase&CallSid=uppercase&CALLSID=allcaps");

    assertThat(form.params()).containsOnly(
        Map.entry("callSid", "lowercase"), Map.entry("CallSid", "uppercase"), Map.entry("CALLSID", "allcaps"));
    assertThat(form.repeatedKeys()).isFalse();
  }

  @Test
  void unicodeValuesRoundTrip() {
    String value = "unicode: ñáéíóú 日本語 \uD83D\uDE00 Ω";

    TwilioForm form = TwilioForm.parse("Body=" + URLEncoder.encode(value, StandardCharsets.UTF_8));

    assertThat(form.get("Body")).isEqualTo(value);
  }

  @Test
  void rawUnencodedUnicodeIsKeptAsIs() {
    assertThat(TwilioForm.parse("Body=ñ日\uD83D\uDE00").get("Body")).isEqualTo("ñ日\uD83D\uDE00");
  }

  @Test
  void anEncodedReservedCharacterDecodesToItself() {
    assertThat(TwilioForm.parse("Body=a%26b%3Dc%25d").get("Body")).isEqualTo("a&b=c%d");
  }

  @Test
  void aNameWithoutEqualsSignHasAnEmptyValue() {
    assertThat(TwilioForm.parse("Flag&Digits=1").params()).containsOnly(Map.entry("Flag", ""), Map.entry("Digits", "1"));
  }

  @Test
  void anEmptyValueIsKept() {
    assertThat(TwilioForm.parse("Digits=&CallSid=CA1").params())
        .containsOnly(Map.entry("Digits", ""), Map.entry("CallSid", "CA1"));
  }

  @Test
  void onlyTheFirstEqualsSignSeparatesNameFromValue() {
    assertThat(TwilioForm.parse("Body=a==b").get("Body")).isEqualTo("a==b");
  }

  @Test
  void emptyPairsBetweenAmpersandsAreSkipped() {
    assertThat(TwilioForm.parse("&&Digits=1&&CallSid=CA1&").params())
        .containsOnly(Map.entry("Digits", "1"), Map.entry("CallSid", "CA1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"=x", "=", "Digits=1&=x", "%ZZ=1", "Body=%ZZ", "Body=%", "Body=%4", "Body=abc%",
      "Body=%C3%28", "Body=%FF", "Body=%E2%82", "%C3=1"})
  void aMalformedFormIsRefusedWithIllegalArgumentException(String body) {
    assertThatThrownBy(() -> TwilioForm.parse(body)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"CallSid=CA1%00", "From=%2B1555%002", "To=%01", "AccountSid=AC%1B", "Na%00me=x",
      "CallStatus=completed%7F%00"})
  void aControlCharacterInAFieldTwilioWritesIsRefusedAsControlCharacter(String body) {
    assertThatThrownBy(() -> TwilioForm.parse(body)).isInstanceOf(TwilioForm.Malformed.class)
        .satisfies(e -> assertThat(((TwilioForm.Malformed) e).code()).isEqualTo("control_character"))
        .hasMessageNotContaining("%");
  }

  @Test
  void controlCharactersInAnSmsBodyAreStrippedForHandlersAndKeptForTheSignature() {
    TwilioForm form = TwilioForm.parse("Body=before%00after%07!&From=%2B15557654321");

    assertThat(form.get("Body")).isEqualTo("beforeafter!");
    assertThat(form.fields()).containsEntry("Body", "beforeafter!");
    assertThat(form.params()).containsEntry("Body", "before\u0000after\u0007!");
  }

  @Test
  void tabLineFeedAndCarriageReturnAreKeptEverywhere() {
    TwilioForm form = TwilioForm.parse("Body=a%09b%0Ac%0Dd&Digits=1%092");

    assertThat(form.get("Body")).isEqualTo("a\tb\nc\rd");
    assertThat(form.get("Digits")).isEqualTo("1\t2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Body=%C3%28", "Body=%ED%A0%80", "Body=%C0%AF", "Body=%F8%88%80%80%80"})
  void invalidUtf8IsRefusedWithAFixedMessage(String body) {
    assertThatThrownBy(() -> TwilioForm.parse(body)).isInstanceOf(TwilioForm.Malformed.class)
        .hasMessage("The form body is not a valid form: not valid UTF-8");
  }

  @Test
  void rawBytesThatAreNotUtf8AreRefusedInsteadOfBecomingReplacementCharacters() {
    byte[] body = {'B', 'o', 'd', 'y', '=', (byte) 0xC3, (byte) 0x28};

    assertThatThrownBy(() -> TwilioForm.parse(body)).isInstanceOf(TwilioForm.Malformed.class)
        .hasMessage("The form body is not a valid form: not valid UTF-8");
  }

  @Test
  void aBadEscapeIsRefusedWithoutEchoingTheDecoder() {
    assertThatThrownBy(() -> TwilioForm.parse("Body=%zz")).isInstanceOf(TwilioForm.Malformed.class)
        .hasMessage("The form body is not a valid form: invalid percent-escape");
  }

  @Test
  void nonAsciiDigitsAreNotHexDigits() {
    assertThatThrownBy(() -> TwilioForm.parse("Body=%\u0663\u0663")).isInstanceOf(TwilioForm.Malformed.class);
  }

  @Test
  void randomByteStringsEitherParseOrAreRefusedWithIllegalArgumentException() {
    Random random = new Random(SEED);
    Outcomes outcomes = new Outcomes();
    for (int i = 0; i < 3000; i++) {
      byte[] bytes = new byte[random.nextInt(120)];
      random.nextBytes(bytes);
      outcomes.add(parseOrRefuse(new String(bytes, i % 2 == 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1)));
    }
    outcomes.assertBothSeen();
  }

  @Test
  void randomStringsOfFormCharactersEitherParseOrAreRefusedWithIllegalArgumentException() {
    Random random = new Random(SEED + 1);
    Outcomes outcomes = new Outcomes();
    for (int i = 0; i < 3000; i++) {
      StringBuilder body = new StringBuilder();
      int length = random.nextInt(60);
      for (int j = 0; j < length; j++) {
        body.append(INTERESTING.charAt(random.nextInt(INTERESTING.length())));
      }
      outcomes.add(parseOrRefuse(body.toString()));
    }
    outcomes.assertBothSeen();
  }

  @Test
  void randomMutationsOfARealPayloadEitherParseOrAreRefusedWithIllegalArgumentException() {
    Random random = new Random(SEED + 2);
    Outcomes outcomes = new Outcomes();
    for (int i = 0; i < 3000; i++) {
      StringBuilder body = new StringBuilder(DIAL_ACTION);
      int mutations = 1 + random.nextInt(6);
      for (int m = 0; m < mutations && body.length() > 0; m++) {
        int at = random.nextInt(body.length());
        char c = INTERESTING.charAt(random.nextInt(INTERESTING.length()));
        switch (random.nextInt(4)) {
          case 0 -> body.setCharAt(at, c);
          case 1 -> body.insert(at, c);
          case 2 -> body.deleteCharAt(at);
          default -> body.insert(at, "%" + Integer.toHexString(random.nextInt(256)));
        }
      }
      outcomes.add(parseOrRefuse(body.toString()));
    }
    outcomes.assertBothSeen();
  }

  @Test
  void randomFormsEncodedByTheSimulatorRoundTrip() {
    Random random = new Random(SEED + 3);
    for (int i = 0; i < 2000; i++) {
      Map<String, String> params = new LinkedHashMap<>();
      int count = random.nextInt(8);
      for (int p = 0; p < count; p++) {
        params.put("K" + p + randomText(random, 6), randomText(random, 20));
      }
      String body = FormEncoding.encode(params);

      TwilioForm form = TwilioForm.parse(body);

      assertThat(form.params()).as(body).isEqualTo(params);
      assertThat(form.repeatedKeys()).as(body).isFalse();
    }
  }

  private static String randomText(Random random, int maxLength) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(maxLength + 1);
    for (int j = 0; j < length; j++) {
      int kind = random.nextInt(4);
      if (kind == 0) {
        text.append(FORM_SYNTAX.charAt(random.nextInt(FORM_SYNTAX.length())));
      } else if (kind == 1) {
        text.appendCodePoint(0x1F600 + random.nextInt(64));
      } else {
        text.append((char) (0x20 + random.nextInt(0x5F)));
      }
    }
    return text.toString();
  }

  /** Parses or refuses; anything else fails the test. True when parsed. */
  private static boolean parseOrRefuse(String body) {
    try {
      TwilioForm form = TwilioForm.parse(body);
      assertThat(form.params()).as(body).doesNotContainKey("").doesNotContainValue(null);
      return true;
    } catch (IllegalArgumentException expected) {
      return false; // refused as malformed: the route answers 400
    } catch (RuntimeException | Error other) {
      if (other instanceof AssertionError assertion) {
        throw assertion;
      }
      return fail("input " + escape(body) + " threw " + other, other);
    }
  }

  /** Guards the generators: a fuzz run that only ever parses, or only ever refuses, proves little. */
  private static final class Outcomes {
    private int parsed;
    private int refused;

    void add(boolean wasParsed) {
      if (wasParsed) {
        parsed++;
      } else {
        refused++;
      }
    }

    void assertBothSeen() {
      assertThat(parsed).as("inputs parsed").isPositive();
      assertThat(refused).as("inputs refused").isPositive();
    }
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints().forEach(cp -> out.append(cp >= 0x20 && cp < 0x7F ? Character.toString(cp)
        : String.format("\\u{%x}", cp)));
    return out.toString();
  }
}
