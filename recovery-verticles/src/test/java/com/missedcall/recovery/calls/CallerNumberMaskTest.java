package com.missedcall.recovery.calls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallerNumberMaskTest {

  @Test
  void numbersInsideAnErrorTextKeepOnlyTheirCountryCodeAndLastTwoDigits() {
    String masked = CallerNumber.maskWithin(
        "could not check Twilio: GET /Messages.json?To=%2B15551234567&From=+15559876543 answered 500");

    assertThat(masked).doesNotContain("15551234567").doesNotContain("15559876543")
        .contains("To=%2B*********67").contains("From=+*********43").contains("answered 500");
  }
}
