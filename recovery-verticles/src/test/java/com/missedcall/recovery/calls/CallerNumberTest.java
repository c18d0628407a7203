package com.missedcall.recovery.calls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallerNumberTest {

  @Test
  void aNumberInsideTwiliosErrorTextIsMaskedAndTheRestKept() {
    assertThat(CallerNumber.maskWithin("The 'To' number +15551234567 is not a valid phone number."))
        .isEqualTo("The 'To' number +1********67 is not a valid phone number.");
  }

  @Test
  void bareDigitsTwilioSometimesQuoteAreMaskedToo() {
    assertThat(CallerNumber.maskWithin("Invalid 'To' Phone Number: 15551234567")).doesNotContain("5551234");
  }

  @Test
  void everyNumberInTheTextIsMasked() {
    assertThat(CallerNumber.maskWithin("from +15550001111 to +442071234567")).doesNotContainPattern("\\+\\d{8,15}");
  }

  @Test
  void aUrlEncodedNumberInAQuotedRequestIsMasked() {
    assertThat(CallerNumber.maskWithin("GET /Messages.json?To=%2B15551234567&PageSize=50 failed"))
        .doesNotContain("5551234");
  }

  @Test
  void digitsInsideSidsCodesAndShortCountsAreLeftAlone() {
    String text = "MessageSid SM0123456789abcdef0123456789abcdef failed with 21211 after 3 attempts";

    assertThat(CallerNumber.maskWithin(text)).isEqualTo(text);
  }

  @Test
  void noTextStaysNoText() {
    assertThat(CallerNumber.maskWithin(null)).isNull();
  }
}
