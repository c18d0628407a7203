package com.missedcall.loadtests;

import java.nio.file.Path;

/** Prints the mean requests per second of a Gatling run, read from its console log (for bench.sh). */
public final class GatlingThroughput {
  private GatlingThroughput() {}

  public static void main(String[] args) throws Exception {
    System.out.printf("%.0f%n", GatlingSummary.parse(Path.of(args[0])).meanRps());
  }
}
