package com.missedcall.twiliosim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Official vectors from shared/twilio/signature-vectors.md (twilio-java and twilio-node tests). */
class TwilioSignatureTest {

  private static final String TOKEN = "12345";
  private static final String U = "https://mycompany.com/myapp.php?foo=1&bar=2";
  private static final Map<String, String> P = Map.of(
      "CallSid", "CA1234567890ABCDE",
      "Caller", "+14158675309",
      "Digits", "1234",
      "From", "+14158675309",
      "To", "+18005551212");

  @Test
  void v1SignsTheUrlFollowedBySortedParameters() {
    assertThat(TwilioSignature.signSingleValued(TOKEN, U, P)).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  }

  @Test
  void v2KeepsAnExplicitHttpsDefaultPortInTheSignedUrl() {
    assertThat(TwilioSignature.signSingleValued(TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2", P))
        .isEqualTo("kvajT1Ptam85bY51eRf/AJRuM3w=");
  }

  @Test
  void v3KeepsAnExplicitHttpDefaultPortInTheSignedUrl() {
    assertThat(TwilioSignature.signSingleValued(TOKEN, "http://mycompany.com:80/myapp.php?foo=1&bar=2", P))
        .isEqualTo("0ZXoZLH/DfblKGATFgpif+LLRf4=");
  }

  @Test
  void v4KeepsANonDefaultPort() {
    assertThat(TwilioSignature.signSingleValued(TOKEN, "http://mycompany.com:1234/myapp.php?foo=1&bar=2", P))
        .isEqualTo("Zmvh+3yNM1Phv2jhDCwEM3q5ebU=");
  }

  @Test
  void v5SignsAUrlWithoutParameters() {
    assertThat(TwilioSignature.signSingleValued(TOKEN, U, Map.of())).isEqualTo("zYQTYrRWXE7LtzbG4PfP7/bkkGo=");
  }

  @Test
  void v6SignsAUrlWithoutQueryString() {
    assertThat(TwilioSignature.signSingleValued(TOKEN, "https://mycompany.com/myapp.php", P))
        .isEqualTo("1xaxFBvyzXYvWplzNOSs28HWO94=");
  }

  @Test
  void v7SignsSpecialAndNonAsciiCharactersAsUtf8() {
    Map<String, String> params = Map.of(
        "Message", "Hello & goodbye! @#$%^*()",
        "From", "+1 (415) 867-5309",
        "Special", "unicode: ñáéíóú");
    assertThat(TwilioSignature.signSingleValued(TOKEN, U, params)).isEqualTo("dCPiR4WtQ6QFN6pJh81CtlCcWLQ=");
  }

  @Test
  void v8SignsEmptyValuesAsEmptyStrings() {
    Map<String, String> params = Map.of("Digits", "", "CallSid", "CA1234567890ABCDE", "EmptyParam", "");
    assertThat(TwilioSignature.signSingleValued(TOKEN, U, params)).isEqualTo("9HHp/OqQMEwdrVebHDdA/+tqjX8=");
  }

  @Test
  void v9SortsParametersWhateverTheirInsertionOrder() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("Zebra", "last");
    params.put("Alpha", "first");
    params.put("Beta", "second");
    params.put("Gamma", "third");
    assertThat(TwilioSignature.signSingleValued(TOKEN, U, params)).isEqualTo("enveUe73ZTVLAekHxez3Qx6JuuQ=");
  }

  @Test
  void v10SortsNamesCaseSensitively() {
    Map<String, String> params = Map.of("callSid", "lowercase", "CallSid", "uppercase", "CALLSID", "allcaps");
    assertThat(TwilioSignature.signSingleValued(TOKEN, U, params)).isEqualTo("jDK7WKT8wiNrwggd4ceTv4e1MJ4=");
  }

  @Test
  void v11EmitsEachValueOfARepeatedNameInSortedOrder() {
    Map<String, List<String>> params = Map.of("MessagingBinding.Address", List.of("+1415xxxxxxx", "+1325xxxxxxx"));
    assertThat(TwilioSignature.sign(TOKEN, U, params)).isEqualTo("83O6e2vORAoJHUNzJjDWN1jz+BA=");
  }

  @Test
  void v12DeDuplicatesRepeatedValues() {
    Map<String, List<String>> params = Map.of(
        "Sid", List.of("CA123"),
        "SidAccount", List.of("AC123"),
        "Digits", List.of("5678", "1234", "1234"));
    assertThat(TwilioSignature.sign(TOKEN, U, params)).isEqualTo("IK+Dwps556ElfBT0I3Rgjkr1wJU=");
  }

  @Test
  void v13SignsAJsonBodyThroughItsHashInTheUrl() {
    String body = "{\"property\": \"value\", \"boolean\": true}";
    String url = TwilioSignature.bodyHashUrl(U, body);
    assertThat(url).isEqualTo(
        U + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620");
    assertThat(TwilioSignature.signBodyHashUrl(TOKEN, url)).isEqualTo("a9nBmqA0ju/hNViExpshrM61xv4=");
  }

  @Test
  void v14SignsTheQueryStringExactlyAsGiven() {
    assertThat(TwilioSignature.signSingleValued(TOKEN, U + "&Body=It%27s+amazing", P))
        .isEqualTo("TfZzewPq8wqrGlMfyAud8+/IvJ0=");
  }

  @Test
  void theClassicTwilioDocsExampleMatches() {
    Map<String, String> params = Map.of(
        "CallSid", "CA1234567890ABCDE",
        "Caller", "+12349013030",
        "Digits", "1234",
        "From", "+12349013030",
        "To", "+18005551212");
    assertThat(TwilioSignature.signSingleValued(TOKEN, U, params)).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  }

  @Test
  void theMultiValuedAndSingleValuedFormsAgree() {
    Map<String, List<String>> multi = new LinkedHashMap<>();
    P.forEach((name, value) -> multi.put(name, List.of(value)));
    assertThat(TwilioSignature.sign(TOKEN, U, multi)).isEqualTo(TwilioSignature.signSingleValued(TOKEN, U, P));
  }

  @Test
  void matchesAcceptsTheRightSignatureAndRejectsTamperedOrMissingOnes() {
    MultiMap params = MultiMap.caseInsensitiveMultiMap().addAll(P);
    assertThat(TwilioSignature.matches(TOKEN, U, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isTrue();
    assertThat(TwilioSignature.matches(TOKEN, U, params, "NOTRSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
    assertThat(TwilioSignature.matches(TOKEN, U, params, "WRONG_SIGNATURE")).isFalse();
    assertThat(TwilioSignature.matches(TOKEN, U, params, "")).isFalse();
    assertThat(TwilioSignature.matches(TOKEN, U, params, null)).isFalse();
  }

  @Test
  void aRawFormBodyDecodesWithCaseAndRepeatsIntact() {
    Map<String, List<String>> params = FormEncoding.decode("callSid=lowercase&CallSid=uppercase&CALLSID=allcaps");
    assertThat(TwilioSignature.matches(TOKEN, U, params, "jDK7WKT8wiNrwggd4ceTv4e1MJ4=")).isTrue();
  }

  @Test
  void theConnectionOverrideFragmentIsNotPartOfTheSignedUrl() {
    assertThat(TwilioSignature.withoutFragment(U + "#rc=3&rp=ct,rt,5xx")).isEqualTo(U);
  }
}
