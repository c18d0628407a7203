package com.missedcall.loadtests.simulations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseTimesTest {

  @Test
  void percentilesAreThoseOfTheRecordedTimes() {
    ResponseTimes times = new ResponseTimes();
    for (int ms = 1; ms <= 100; ms++) {
      times.record(ms, true);
    }

    Map<String, Object> s = times.summary("webhook");

    assertThat(s).containsEntry("webhookRequests", 100L).containsEntry("webhookFailed", 0L)
        .containsEntry("webhookP50Ms", 50L).containsEntry("webhookP99Ms", 99L).containsEntry("webhookMaxMs", 100L);
  }

  @Test
  void aRequestWithoutAnswerCountsAsFailedWithoutATime() {
    ResponseTimes times = new ResponseTimes();
    times.record(7, true);
    times.record(null, false);
    times.record(300_000, false);

    Map<String, Object> s = times.summary("dashboard");

    assertThat(s).containsEntry("dashboardRequests", 3L).containsEntry("dashboardFailed", 2L)
        .containsEntry("dashboardP50Ms", 7L).containsEntry("dashboardMaxMs", 120_000L);
  }
}
