package com.missedcall.recovery.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The adaptive limit is fed latencies as a database would produce them; no clock is involved. */
class GradientLimitTest {
  private static final long MS = 1_000_000L;

  private static void feed(GradientLimit limit, int samples, long latencyNanos, int inFlight) {
    for (int i = 0; i < samples; i++) {
      limit.sample(latencyNanos, inFlight);
    }
  }

  @Test
  void theLimitGoesDownWhenLatencyRisesWellAboveItsObservedMinimum() {
    GradientLimit limit = new GradientLimit(16, 2, 16, 2.0, 1_000);
    feed(limit, 50, 5 * MS, 16);
    assertThat(limit.limit()).isEqualTo(16);

    feed(limit, 50, 60 * MS, 16); // the database is twelve times slower

    assertThat(limit.limit()).isLessThan(8);
  }

  @Test
  void theLimitStaysWhileLatencyIsWithinTheTolerance() {
    GradientLimit limit = new GradientLimit(10, 2, 32, 2.0, 1_000);
    feed(limit, 20, 5 * MS, 10);

    feed(limit, 100, 9 * MS, 10);

    assertThat(limit.limit()).isGreaterThanOrEqualTo(10);
  }

  @Test
  void theLimitComesBackUpWhenLatencyRecovers() {
    GradientLimit limit = new GradientLimit(16, 2, 16, 2.0, 1_000);
    feed(limit, 20, 5 * MS, 16);
    feed(limit, 100, 100 * MS, 16);
    int lowered = limit.limit();
    assertThat(lowered).isLessThan(6);

    feed(limit, 200, 5 * MS, 16);

    assertThat(limit.limit()).isEqualTo(16);
  }

  @Test
  void theLimitNeverLeavesItsBounds() {
    GradientLimit limit = new GradientLimit(4, 2, 8, 2.0, 1_000);
    feed(limit, 10, MS, 8);
    feed(limit, 500, 1_000 * MS, 8);
    assertThat(limit.limit()).isEqualTo(2);
    feed(limit, 2_000, MS, 8);
    assertThat(limit.limit()).isEqualTo(8);
  }

  @Test
  void anIdleProcessDoesNotRaiseItsLimit() {
    GradientLimit limit = new GradientLimit(4, 2, 64, 2.0, 1_000);

    feed(limit, 500, MS, 1); // fast, but only one in flight: the limit is not what holds the work back

    assertThat(limit.limit()).isEqualTo(4);
  }

  @Test
  void aLastingSlowerBaselineIsLearntAfterTwoWindows() {
    GradientLimit limit = new GradientLimit(16, 2, 16, 2.0, 100);
    feed(limit, 100, MS, 16);
    feed(limit, 300, 20 * MS, 16); // the old minimum has left both windows: 20 ms is the new normal

    assertThat(limit.minLatencyNanos()).isEqualTo(20 * MS);
    feed(limit, 200, 20 * MS, 16);
    assertThat(limit.limit()).isEqualTo(16);
  }
}
