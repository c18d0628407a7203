package com.missedcall.loadtests;

import java.nio.file.Path;

/** Prints the mean requests per second of the latest Gatling run under a results folder (for bench.sh). */
public final class GatlingThroughput {
  private GatlingThroughput() {}

  public static void main(String[] args) throws Exception {
    System.out.printf("%.0f%n", BenchReport.latestStats(Path.of(args[0])).at("/meanNumberOfRequestsPerSecond/total")
        .asDouble());
  }
}
