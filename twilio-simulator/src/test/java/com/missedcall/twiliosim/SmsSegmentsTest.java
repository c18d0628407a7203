package com.missedcall.twiliosim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmsSegmentsTest {

  @Test
  void upTo160Gsm7CharactersFitInOneSegment() {
    assertThat(SmsSegments.count("a".repeat(160))).isEqualTo(1);
  }

  @Test
  void longerGsm7TextIsSplitIn153SeptetParts() {
    assertThat(SmsSegments.count("a".repeat(161))).isEqualTo(2);
    assertThat(SmsSegments.count("a".repeat(306))).isEqualTo(2);
    assertThat(SmsSegments.count("a".repeat(307))).isEqualTo(3);
  }

  @Test
  void extensionCharactersCountAsTwoSeptets() {
    assertThat(SmsSegments.count("€".repeat(80))).isEqualTo(1);
    assertThat(SmsSegments.count("€".repeat(81))).isEqualTo(2);
  }

  @Test
  void anEscapeSequenceIsNeverSplitAcrossParts() {
    // 152 septets of 'a' leave one septet in the first part: the euro sign moves to the second.
    assertThat(SmsSegments.count("a".repeat(152) + "€" + "a".repeat(152))).isEqualTo(3);
  }

  @Test
  void oneNonGsmCharacterSwitchesTheWholeMessageToUcs2() {
    assertThat(SmsSegments.isGsm7("Thanks for calling!")).isTrue();
    assertThat(SmsSegments.isGsm7("Thanks for calling’")).isFalse();
    assertThat(SmsSegments.count("x".repeat(70) + "’")).isEqualTo(2);
  }

  @Test
  void ucs2TextFits70UnitsOrSplitsIn67UnitParts() {
    assertThat(SmsSegments.count("ж".repeat(70))).isEqualTo(1);
    assertThat(SmsSegments.count("ж".repeat(71))).isEqualTo(2);
    assertThat(SmsSegments.count("ж".repeat(134))).isEqualTo(2);
    assertThat(SmsSegments.count("ж".repeat(135))).isEqualTo(3);
  }

  @Test
  void surrogatePairsAreNeverSplitAcrossParts() {
    assertThat(SmsSegments.count("👍".repeat(35))).isEqualTo(1);
    // 36 emoji = 72 units; 33 fit in a 67-unit part (66 units), so 2 parts.
    assertThat(SmsSegments.count("👍".repeat(36))).isEqualTo(2);
    assertThat(SmsSegments.count("👍".repeat(67))).isEqualTo(3);
  }

  @Test
  void anEmptyBodyStillCostsOneSegment() {
    assertThat(SmsSegments.count("")).isEqualTo(1);
  }
}
