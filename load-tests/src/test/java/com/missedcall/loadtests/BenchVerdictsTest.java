package com.missedcall.loadtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchVerdictsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theSustainableRateIsJudgedAgainstTheDurableChainAndABottleneckedGeneratorIsNamed() {
    ArrayNode runs = JSON.createArrayNode();
    runs.add(run("chain", 1000, 0.2));
    ObjectNode sustained = run("sustained", 400, 0.5);
    sustained.putObject("generator").put("generatorBottleneck", true).putArray("bottleneckReasons").add("send lag");
    runs.add(sustained);

    List<BenchVerdicts.Verdict> v = new BenchVerdicts(runs).judge();

    assertThat(v.get(0).outcome()).isEqualTo("FAIL");
    assertThat(v.get(0).measured()).contains("400 decided/s = 40% of 1000").contains("the load generator was the bottleneck");
    assertThat(v.get(1).outcome()).isEqualTo("PASS");
    assertThat(v.get(2).outcome()).isEqualTo("FAIL");
    assertThat(v.get(2).measured()).contains("2.5x");
  }

  @Test
  void targetsTheRunDidNotMeasureAreNotApplicableRatherThanPassed() {
    List<BenchVerdicts.Verdict> v = new BenchVerdicts(JSON.createArrayNode()).judge();

    assertThat(v).extracting(BenchVerdicts.Verdict::outcome).containsOnly("N/A");
  }

  private static ObjectNode run(String key, double decided, double cpu) {
    ObjectNode r = JSON.createObjectNode();
    r.put("scenario", key);
    r.put("key", key);
    r.put("decidedPerSecond", decided);
    r.put("cpuTotalMsPerCall", cpu);
    r.put("cpuServerMsPerCall", cpu / 2);
    r.put("cpuPostgresMsPerCall", cpu / 2);
    r.put("cpuRedisMsPerCall", 0);
    return r;
  }
}
