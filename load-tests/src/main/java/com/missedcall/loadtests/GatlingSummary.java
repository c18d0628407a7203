package com.missedcall.loadtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "Global Information" block Gatling prints at the end of a run (Gatling 3.15 no longer writes a
 * stats.json next to its HTML report), read back from the console log.
 */
public record GatlingSummary(long requests, long failed, double meanRps, long p50Ms, long p99Ms, long maxMs,
                             boolean assertionsPassed) {

  public static GatlingSummary parse(Path consoleLog) throws IOException {
    String log = Files.readString(consoleLog);
    int global = log.lastIndexOf("---- Global Information");
    if (global < 0) {
      throw new IllegalStateException("no Gatling summary in " + consoleLog);
    }
    String block = log.substring(global);
    Matcher count = Pattern.compile(">\\s*request count\\s*\\|\\s*([\\d,]+)\\s*\\|\\s*([\\d,]+)\\s*\\|\\s*([\\d,-]+)")
        .matcher(block);
    if (!count.find()) {
      throw new IllegalStateException("no request count in " + consoleLog);
    }
    return new GatlingSummary(number(count.group(1)), "-".equals(count.group(3)) ? 0 : number(count.group(3)),
        decimal(block, "mean throughput \\(rps\\)"), (long) decimal(block, "response time 50th percentile \\(ms\\)"),
        (long) decimal(block, "response time 99th percentile \\(ms\\)"), (long) decimal(block, "max response time \\(ms\\)"),
        !log.substring(global).contains(": false"));
  }

  private static double decimal(String block, String label) {
    Matcher m = Pattern.compile(">\\s*" + label + "\\s*\\|\\s*([\\d,.]+)").matcher(block);
    return m.find() ? Double.parseDouble(m.group(1).replace(",", "")) : -1;
  }

  private static long number(String s) {
    return Long.parseLong(s.replace(",", ""));
  }
}
