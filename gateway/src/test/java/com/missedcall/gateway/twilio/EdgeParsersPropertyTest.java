package com.missedcall.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.http.ApiProblem;
import com.missedcall.admin.http.Cursor;
import com.missedcall.admin.http.QueryGuard;
import com.missedcall.recovery.twilio.TwilioAccount;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the parsers at the edges (issue 11 item 1): whatever the input, the Twilio form
 * parser, the signature canonicaliser and the admin API's query checks either accept it or refuse it
 * with their own 400-type error; nothing else escapes them (an escaping exception is a 500, or a
 * request that never gets an answer). What they accept is clean: no control character reaches a handler.
 */
class EdgeParsersPropertyTest {
  /** Characters that matter to a form parser, a percent-decoder and a UTF-8 decoder. */
  private static final char[] FORM_CHARS = "%&=+ 0123456789abcdefABCDEFzZ\u0000\u0001\t\n\r\u007f\u00f1\u65e5\uD83D\uDE00\uFFFD"
      .toCharArray();

  @Provide
  Arbitrary<String> formish() {
    Arbitrary<String> structured = Arbitraries.strings().withChars(FORM_CHARS).ofMaxLength(80);
    Arbitrary<String> escapes = Arbitraries.integers().between(0, 255).map(b -> String.format("%%%02X", b))
        .list().ofMaxSize(12).map(l -> "Body=" + String.join("", l));
    Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(80);
    return Arbitraries.oneOf(structured, escapes, anything);
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(120);
  }

  @Property(tries = 2000)
  void theFormParserAcceptsOrRefusesWith400AndHandlersNeverSeeAControlCharacter(@ForAll("formish") String body) {
    TwilioForm form;
    try {
      form = TwilioForm.parse(body);
    } catch (TwilioForm.Malformed refused) {
      assertThat(refused.code()).isIn("malformed_form", "control_character");
      assertThat(refused.getMessage()).doesNotContain(body.isEmpty() ? "\u0000" : body);
      return;
    }
    form.fields().forEach((name, value) -> {
      assertThat(name).isNotEmpty();
      assertThat(value.chars().noneMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r'))
          .as("value of %s", name).isTrue();
    });
    assertThat(form.fields().keySet()).isEqualTo(form.params().keySet());
  }

  @Property(tries = 1000)
  void rawBodiesThatAreNotUtf8AreRefusedNeverGuessed(@ForAll("bytes") byte[] body) {
    try {
      TwilioForm form = TwilioForm.parse(body);
      // accepted: then the body was well-formed UTF-8 and decodes back to the same bytes
      assertThat(new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
      assertThat(form.params()).doesNotContainKey("");
    } catch (TwilioForm.Malformed refused) {
      assertThat(refused.code()).isIn("malformed_form", "control_character");
    }
  }

  @Provide
  Arbitrary<Map<String, String>> params() {
    Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(30);
    return Arbitraries.maps(text, text).ofMaxSize(8);
  }

  @Provide
  Arbitrary<String> urls() {
    Arbitrary<String> path = Arbitraries.strings().all().ofMaxLength(40);
    return Combinators.combine(Arbitraries.of("https://gw.example.test", "http://127.0.0.1:8080", "https://x"), path)
        .as((base, p) -> base + "/twilio/voice/status" + p);
  }

  @Property(tries = 1000)
  void theSignatureCanonicaliserAnswersTrueOrFalseForAnyUrlParametersAndSignature(
      @ForAll("urls") String url, @ForAll("params") Map<String, String> params,
      @ForAll("formish") String signature) {
    TwilioAccount account = new TwilioAccount("AC" + "0".repeat(32), "token", "previous");

    boolean valid = SignatureCheck.valid(account, url, params, signature);

    assertThat(valid).isFalse(); // a random signature never matches
  }

  @Property(tries = 2000)
  void theAdminQueryCheckAcceptsOrRefusesWith400(@ForAll("formish") String query) {
    try {
      QueryGuard.checkQuery(query);
      QueryGuard.checkPath("/api/v1/leads/" + query.replace("?", "").replace("#", ""));
    } catch (ApiProblem problem) {
      assertThat(problem.status()).isEqualTo(400);
      assertThat(problem.code()).isIn("invalid_query", "invalid_path");
    }
  }

  @Provide
  Arbitrary<String> cursors() {
    Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(60);
    Arbitrary<String> base64OfAnything = Arbitraries.strings().all().ofMaxLength(60)
        .map(s -> Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
    Arbitrary<String> base64OfCursorLike = Combinators.combine(Arbitraries.of("id", "-id", "x"),
            Arbitraries.strings().all().ofMaxLength(20), Arbitraries.longs())
        .as((s, v, i) -> new io.vertx.core.json.JsonObject().put("s", s).put("v", v).put("i", i).encode())
        .map(json -> Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
    return Arbitraries.oneOf(random, base64OfAnything, base64OfCursorLike);
  }

  @Property(tries = 2000)
  void theCursorDecoderAnswersACursorWithoutControlCharactersOrInvalidCursor(@ForAll("cursors") String raw) {
    try {
      Cursor cursor = Cursor.decode(raw, "id");
      if (cursor != null) {
        assertThat(cursor.sort()).isEqualTo("id");
        assertThat(cursor.value().chars().noneMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r')).isTrue();
        try {
          cursor.number();
        } catch (ApiProblem problem) {
          assertThat(problem.code()).isEqualTo("invalid_cursor");
        }
      }
    } catch (ApiProblem problem) {
      assertThat(problem.status()).isEqualTo(400);
      assertThat(problem.code()).isEqualTo("invalid_cursor");
    }
  }
}
