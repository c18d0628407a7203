package com.missedcall.recovery.sms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SmsSegmentsTest {
  private static final String GRINNING = "\uD83D\uDE00"; // one emoji, two UTF-16 units
  private static final String CYRILLIC = "ж";              // in the BMP, not in GSM-7

  private static String gsm(int length) {
    return "a".repeat(length);
  }

  @Test
  void anEmptyTextIsOneSegment() {
    assertThat(SmsSegments.count("")).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0} GSM-7 characters -> {1} segments")
  @CsvSource({"1, 1", "160, 1", "161, 2", "306, 2", "307, 3", "459, 3", "460, 4"})
  void gsm7TextsSplitAt160ThenEvery153(int length, int segments) {
    assertThat(SmsSegments.count(gsm(length))).isEqualTo(segments);
  }

  @ParameterizedTest
  @ValueSource(strings = {"^", "{", "}", "\\", "[", "~", "]", "|", "€", "\f"})
  void anExtensionCharacterCountsAsTwoSeptets(String extension) {
    assertThat(SmsSegments.count(gsm(158) + extension)).isEqualTo(1);
    assertThat(SmsSegments.count(gsm(159) + extension)).isEqualTo(2);
  }

  @Test
  void eightyEuroSignsFillExactlyOneSegment() {
    assertThat(SmsSegments.count("€".repeat(80))).isEqualTo(1);
    assertThat(SmsSegments.count("€".repeat(81))).isEqualTo(2);
  }

  @Test
  void anExtensionCharacterIsNeverSplitAcrossTwoParts() {
    // 152 + 77 * 2 = 306 septets, but the euro at septet 153 cannot be split: it opens part two,
    // and the last of the 77 euros then needs a third part
    assertThat(SmsSegments.count(gsm(152) + "€".repeat(77))).isEqualTo(3);
  }

  @Test
  void accentedLettersOfTheGsmTableStayGsm7() {
    String text = "Ça va? Ñandu, Äpfel, Øre, ß, é è ù ì ò à ä ö ñ ü £ $ ¥ ¤ § ¿ ¡ Δ Φ Γ Λ Ω Π Ψ Σ Θ Ξ";
    assertThat(SmsSegments.isGsm7(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ж", "ā", "’", "“", "—", "…", "\u00A0", "\uD83D\uDE00"})
  void aCharacterOutsideTheGsmTablesIsNotGsm7(String character) {
    assertThat(SmsSegments.isGsm7("Hello " + character)).isFalse();
  }

  @ParameterizedTest(name = "{0} UCS-2 characters -> {1} segments")
  @CsvSource({"1, 1", "70, 1", "71, 2", "134, 2", "135, 3", "201, 3", "202, 4"})
  void ucs2TextsSplitAt70ThenEvery67(int length, int segments) {
    assertThat(SmsSegments.count(CYRILLIC.repeat(length))).isEqualTo(segments);
  }

  @Test
  void oneNonGsmCharacterTurnsALongGsmTextIntoUcs2() {
    assertThat(SmsSegments.count(gsm(159) + CYRILLIC)).isEqualTo(3);
  }

  @Test
  void anEmojiCountsAsTwoUnits() {
    assertThat(SmsSegments.count(gsm(68) + GRINNING)).isEqualTo(1);
    assertThat(SmsSegments.count(gsm(69) + GRINNING)).isEqualTo(2);
  }

  @Test
  void thirtyFiveEmojiFillExactlyOneSegment() {
    assertThat(SmsSegments.count(GRINNING.repeat(35))).isEqualTo(1);
    assertThat(SmsSegments.count(GRINNING.repeat(36))).isEqualTo(2);
  }

  @Test
  void anEmojiIsNeverSplitAcrossTwoParts() {
    // 66 + 34 * 2 = 134 units, but the emoji at unit 67 cannot be split: it opens part two,
    // and the last emoji then needs a third part
    assertThat(SmsSegments.count(gsm(66) + GRINNING.repeat(34))).isEqualTo(3);
  }

  @Test
  void typographicCharactersFoldToGsm7() {
    String folded = SmsSegments.toGsmFriendly("We\u2019re \u201Csorry\u201D \u2018ok\u2019 \u2013 \u2014 wait\u2026\u00A0bye");

    assertThat(folded).isEqualTo("We're \"sorry\" 'ok' - - wait... bye");
    assertThat(SmsSegments.isGsm7(folded)).isTrue();
  }

  @Test
  void foldingLeavesAnEmojiAlone() {
    assertThat(SmsSegments.toGsmFriendly("Thanks " + GRINNING)).isEqualTo("Thanks " + GRINNING);
  }
}
