package com.missedcall.recovery.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.ai.ReplyFilter.Violation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyFilterTest {

  private static java.util.Optional<Violation> strict(String reply) {
    return ReplyFilter.check(reply, false, false, false);
  }

  @ParameterizedTest
  @ValueSource(strings = {"That's usually $150.", "It costs around 200 to fix.", "We charge 95 dollars an hour.",
      "Our rate is 120 per hour.", "Service call fee is 79."})
  void aPriceIsRefused(String reply) {
    assertThat(strict(reply)).contains(Violation.PRICE);
    assertThat(ReplyFilter.check(reply, true, false, false)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"We can do 20% off for you.", "Use coupon SPRING.", "We have a special offer this week!",
      "We'll give you a discount.", "We can waive the call-out fee", "We offer a free estimate."})
  void aDiscountIsRefused(String reply) {
    assertThat(strict(reply)).contains(Violation.DISCOUNT);
    assertThat(ReplyFilter.check(reply, true, true, false)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"A tech can be there in 30 minutes.", "We'll arrive within the hour.", "He's on his way!",
      "Someone can come by today at 3pm.", "Our ETA is soon.", "We'll be there by 5 pm."})
  void anArrivalPromiseIsRefused(String reply) {
    assertThat(strict(reply)).contains(Violation.ARRIVAL_TIME);
    assertThat(ReplyFilter.check(reply, false, false, true)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Thanks! What's the address where you need the service?",
      "Sorry to hear about the leak. How urgent is it?", "We service Springfield and Shelbyville.",
      "Our hours are Mon-Fri 8am-6pm.", "Someone from the team will follow up shortly."})
  void anOrdinaryReplyPasses(String reply) {
    assertThat(strict(reply)).isEmpty();
  }
}
