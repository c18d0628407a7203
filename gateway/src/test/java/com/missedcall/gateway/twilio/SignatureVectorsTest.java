package com.missedcall.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.twilio.TwilioAccount;
import com.missedcall.twiliosim.TwilioSignature;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The X-Twilio-Signature vectors of twilio-java's and twilio-node's own tests (see
 * /work/shared/twilio/signature-vectors.md), checked through the gateway's {@link SignatureCheck}.
 * V13 (JSON body with bodySHA256) does not apply: Twilio voice and message webhooks are forms and
 * the gateway refuses any other content type. V11 and V12 repeat a form key, which a map of
 * parameters cannot represent: the gateway refuses such forms instead of checking them.
 */
class SignatureVectorsTest {
  private static final String SID = "AC0123456789abcdef0123456789abcdef";
  private static final String TOKEN = "12345";
  private static final String U = "https://mycompany.com/myapp.php?foo=1&bar=2";
  private static final Map<String, String> P = Map.of(
      "CallSid", "CA1234567890ABCDE",
      "Caller", "+14158675309",
      "Digits", "1234",
      "From", "+14158675309",
      "To", "+18005551212");
  private static final String V1 = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

  private static final TwilioAccount CURRENT = new TwilioAccount(SID, TOKEN, null);
  private static final TwilioAccount ROTATED = new TwilioAccount(SID, "67890abcdef67890abcdef67890abcde", TOKEN);

  /** id, the URL the gateway would check, the params, the signature Twilio sent. */
  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of("V1 core", U, P, V1),
        Arguments.of("V2 signed with :443, checked without port", U, P, "kvajT1Ptam85bY51eRf/AJRuM3w="),
        Arguments.of("V3 signed with :80, checked without port", "http://mycompany.com/myapp.php?foo=1&bar=2", P,
            "0ZXoZLH/DfblKGATFgpif+LLRf4="),
        Arguments.of("V4 non-default port kept", "http://mycompany.com:1234/myapp.php?foo=1&bar=2", P,
            "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="),
        Arguments.of("V5 no params", U, Map.of(), "zYQTYrRWXE7LtzbG4PfP7/bkkGo="),
        Arguments.of("V6 no query string", "https://mycompany.com/myapp.php", P, "1xaxFBvyzXYvWplzNOSs28HWO94="),
        Arguments.of("V7 special characters and unicode", U, Map.of(
            "Message", "Hello & goodbye! @#$%^*()",
            "From", "+1 (415) 867-5309",
            "Special", "unicode: ñáéíóú"), "dCPiR4WtQ6QFN6pJh81CtlCcWLQ="),
        Arguments.of("V8 empty values", U, Map.of(
            "Digits", "",
            "CallSid", "CA1234567890ABCDE",
            "EmptyParam", ""), "9HHp/OqQMEwdrVebHDdA/+tqjX8="),
        Arguments.of("V9 names sorted", U, inOrder("Zebra", "last", "Alpha", "first", "Beta", "second",
            "Gamma", "third"), "enveUe73ZTVLAekHxez3Qx6JuuQ="),
        Arguments.of("V10 names differing only in case", U, Map.of(
            "callSid", "lowercase",
            "CallSid", "uppercase",
            "CALLSID", "allcaps"), "jDK7WKT8wiNrwggd4ceTv4e1MJ4="),
        Arguments.of("V14 escaped apostrophe in the query", U + "&Body=It%27s+amazing", P,
            "TfZzewPq8wqrGlMfyAud8+/IvJ0="),
        Arguments.of("Extra: classic Twilio docs example", U, Map.of(
            "CallSid", "CA1234567890ABCDE",
            "Caller", "+12349013030",
            "Digits", "1234",
            "From", "+12349013030",
            "To", "+18005551212"), "0/KCTR6DLpKmkAf8muzZqo1nDgQ="));
  }

  private static Map<String, String> inOrder(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void anSdkVectorVerifiesWithTheCurrentToken(String id, String url, Map<String, String> params, String signature) {
    assertThat(SignatureCheck.valid(CURRENT, url, params, signature)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void anSdkVectorVerifiesWithThePreviousTokenDuringARotation(String id, String url, Map<String, String> params,
                                                               String signature) {
    assertThat(SignatureCheck.valid(ROTATED, url, params, signature)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void anSdkVectorDoesNotVerifyWithAnUnrelatedToken(String id, String url, Map<String, String> params,
                                                    String signature) {
    TwilioAccount other = new TwilioAccount(SID, "54321", "99999");

    assertThat(SignatureCheck.valid(other, url, params, signature)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"NOT" + V1, "WRONG_SIGNATURE", "", " ", "RSOYDt4T1cUTdK1PDd93/VVr8B8", "rsoydt4t1cutdk1pdd93/vvr8b8="})
  void aSignatureThatIsNotTheOneTwilioComputedIsRefused(String signature) {
    assertThat(SignatureCheck.valid(CURRENT, U, P, signature)).isFalse();
  }

  @Test
  void aChangedParameterValueIsRefused() {
    Map<String, String> tampered = new LinkedHashMap<>(P);
    tampered.put("Digits", "1235");

    assertThat(SignatureCheck.valid(CURRENT, U, tampered, V1)).isFalse();
  }

  @Test
  void anAddedParameterIsRefused() {
    Map<String, String> extended = new LinkedHashMap<>(P);
    extended.put("ForwardedFrom", "+14158675309");

    assertThat(SignatureCheck.valid(CURRENT, U, extended, V1)).isFalse();
  }

  @Test
  void aDroppedParameterIsRefused() {
    Map<String, String> fewer = new LinkedHashMap<>(P);
    fewer.remove("Digits");

    assertThat(SignatureCheck.valid(CURRENT, U, fewer, V1)).isFalse();
  }

  @Test
  void anotherPathIsRefused() {
    assertThat(SignatureCheck.valid(CURRENT, "https://mycompany.com/other.php?foo=1&bar=2", P, V1)).isFalse();
  }

  @Test
  void aReorderedQueryStringIsRefused() {
    assertThat(SignatureCheck.valid(CURRENT, "https://mycompany.com/myapp.php?bar=2&foo=1", P, V1)).isFalse();
  }

  @Test
  void anotherSchemeIsRefused() {
    assertThat(SignatureCheck.valid(CURRENT, "http://mycompany.com/myapp.php?foo=1&bar=2", P, V1)).isFalse();
  }

  @Test
  void aSignatureOverTheUrlWithOurConnectionOverridesVerifies() {
    String signature = TwilioSignature.signSingleValued(TOKEN, U + SignatureCheck.OVERRIDES_FRAGMENT, P);

    assertThat(SignatureCheck.valid(CURRENT, U, P, signature)).isTrue();
  }

  @Test
  void theIndependentSimulatorSignerAgreesWithTheCoreVector() {
    assertThat(TwilioSignature.signSingleValued(TOKEN, U, P)).isEqualTo(V1);
  }

  @Test
  void aFormRepeatingAKeyAsInV11IsFlaggedSoTheSignatureCheckRefusesIt() {
    TwilioForm form = TwilioForm.parse(
        "MessagingBinding.Address=%2B1415xxxxxxx&MessagingBinding.Address=%2B1325xxxxxxx");

    assertThat(form.repeatedKeys()).isTrue();
  }

  @Test
  void aFormRepeatingAKeyAsInV12IsFlaggedSoTheSignatureCheckRefusesIt() {
    TwilioForm form = TwilioForm.parse("Sid=CA123&SidAccount=AC123&Digits=5678&Digits=1234&Digits=1234");

    assertThat(form.repeatedKeys()).isTrue();
  }
}
