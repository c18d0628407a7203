package com.missedcall.loadtests.cpu;

import java.util.Map;

/**
 * CPU ticks at one moment: the server under test (the gateway or a ceiling server), each PostgreSQL
 * backend of the bench database by pid (backends come and go with the pools), and redis-server.
 * -1 for a process that is not watched or not found; {@code postgresTicks} is null when PostgreSQL is
 * not watched.
 */
public record CpuSample(long serverTicks, Map<Integer, Long> postgresTicks, long redisTicks) {

  /**
   * CPU used between {@code before} and this sample, in milliseconds. A backend that appeared in
   * between counts whole; one that exited in between is gone from /proc and its share is not counted
   * (pools keep their connections, so this is rare); a pid whose ticks went down was reused and
   * counts as new.
   */
  public CpuUse since(CpuSample before, long ticksPerSecond) {
    if (postgresTicks == null || before.postgresTicks() == null) {
      return new CpuUse(ms(delta(serverTicks, before.serverTicks()), ticksPerSecond), -1,
          ms(delta(redisTicks, before.redisTicks()), ticksPerSecond));
    }
    long pg = 0;
    for (Map.Entry<Integer, Long> e : postgresTicks.entrySet()) {
      long earlier = before.postgresTicks().getOrDefault(e.getKey(), 0L);
      pg += e.getValue() >= earlier ? e.getValue() - earlier : e.getValue();
    }
    return new CpuUse(ms(delta(serverTicks, before.serverTicks()), ticksPerSecond), ms(pg, ticksPerSecond),
        ms(delta(redisTicks, before.redisTicks()), ticksPerSecond));
  }

  private static long delta(long after, long before) {
    return after < 0 || before < 0 ? -1 : Math.max(0, after - before);
  }

  private static double ms(long ticks, long ticksPerSecond) {
    return ticks < 0 ? -1 : ticks * 1000.0 / ticksPerSecond;
  }
}
