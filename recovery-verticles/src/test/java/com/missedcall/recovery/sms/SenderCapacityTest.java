package com.missedcall.recovery.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.work.InFlight;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Ingress's bound on the texts owed, from the sender's measured rate; time is a hand-moved clock. */
class SenderCapacityTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
  private final InFlight sends = new InFlight();
  private final List<Promise<Void>> owed = new ArrayList<>();

  private SenderCapacity capacity(int floor, int ceiling) {
    return new SenderCapacity(sends, floor, ceiling, Duration.ofSeconds(2), now::get);
  }

  private void owe(int n) {
    for (int i = 0; i < n; i++) {
      Promise<Void> p = Promise.promise();
      sends.track(p.future());
      owed.add(p);
    }
  }

  /** {@code n} sends finish, spread evenly over {@code ms} milliseconds. */
  private void finish(int n, long ms) {
    for (int i = 0; i < n; i++) {
      now.addAndGet(ms * 1_000_000L / n);
      owed.remove(0).complete();
    }
  }

  @Test
  void aColdSenderAdmitsUpToTheFloor() {
    SenderCapacity capacity = capacity(50, 500);
    owe(49);
    assertThat(capacity.hasRoom()).isTrue();
    owe(1);
    assertThat(capacity.hasRoom()).isFalse();
  }

  @Test
  void theBoundIsWhatTheSenderSendsWithinTheTarget() {
    SenderCapacity capacity = capacity(10, 10_000);
    owe(400);
    finish(200, 1_000); // 200 sends per second

    assertThat(capacity.sendsPerSecond()).isBetween(190.0, 210.0);
    assertThat(capacity.limit()).isBetween(380, 420); // two seconds' worth
    assertThat(capacity.hasRoom()).isTrue(); // 200 owed: gone within a second
    owe(250);
    assertThat(capacity.hasRoom()).isFalse(); // 450 owed: more than two seconds of sends
  }

  @Test
  void aSenderThatSlowsDownAdmitsLess() {
    SenderCapacity capacity = capacity(10, 10_000);
    owe(1_000);
    finish(400, 1_000);
    int fast = capacity.limit();
    now.addAndGet(3_000_000_000L); // the fast second is out of the window
    finish(20, 1_000); // Twilio got slow: 20 per second

    assertThat(capacity.limit()).isLessThan(fast / 5).isGreaterThanOrEqualTo(10);
  }

  @Test
  void theConfiguredLimitStaysTheCeiling() {
    SenderCapacity capacity = capacity(10, 100);
    owe(1_000);
    finish(900, 1_000);

    assertThat(capacity.limit()).isEqualTo(100);
  }
}
