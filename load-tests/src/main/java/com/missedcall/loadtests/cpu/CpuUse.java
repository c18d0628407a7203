package com.missedcall.loadtests.cpu;

/** CPU milliseconds used over a run by the server under test, PostgreSQL and Redis (-1: not watched). */
public record CpuUse(double serverMs, double postgresMs, double redisMs) {

  /** What the three cost together (the unwatched ones count as nothing). */
  public double totalMs() {
    return Math.max(0, serverMs) + Math.max(0, postgresMs) + Math.max(0, redisMs);
  }
}
