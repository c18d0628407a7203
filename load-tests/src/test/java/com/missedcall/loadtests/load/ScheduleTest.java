package com.missedcall.loadtests.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScheduleTest {
  @Test
  void aRampFromATenthOfTheRateThenTheRateGivesTheExpectedNumberOfArrivals() {
    Schedule s = new Schedule(100, 10, 20);

    // ramp: 10 s from 10/s to 100/s = 550 arrivals; then 20 s at 100/s
    assertThat(s.rampArrivals()).isEqualTo(550);
    assertThat(s.total()).isEqualTo(2550);
  }

  @Test
  void arrivalsAreDueInOrderAndTheFirstAfterTheRampIsDueAtItsEnd() {
    Schedule s = new Schedule(100, 10, 20);

    for (long i = 1; i < s.total(); i++) {
      assertThat(s.dueNanos(i)).isGreaterThanOrEqualTo(s.dueNanos(i - 1));
    }
    assertThat(s.dueNanos(s.rampArrivals() - 1)).isLessThan(10_000_000_000L);
    assertThat(s.dueNanos(s.rampArrivals())).isEqualTo(10_000_000_000L);
    assertThat(s.dueNanos(s.total() - 1)).isLessThan(30_000_000_000L);
  }

  @Test
  void withoutARampArrivalsAreEvenlySpaced() {
    Schedule s = new Schedule(50, 0, 1);

    assertThat(s.total()).isEqualTo(50);
    assertThat(s.dueNanos(0)).isZero();
    assertThat(s.dueNanos(10)).isEqualTo(200_000_000L);
  }
}
