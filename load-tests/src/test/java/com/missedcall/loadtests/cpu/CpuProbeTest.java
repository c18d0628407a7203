package com.missedcall.loadtests.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuProbeTest {
  @TempDir
  Path proc;

  @Test
  void countsTheServerTheBenchDatabasesBackendsAndTheRedisOnItsPortOnly() throws IOException {
    process(300, "java", "java -jar gateway.jar", 500, 100);
    process(100, "postgres", "postgres: 15/main: postgres bench_x 127.0.0.1(5000) idle", 30, 10);
    process(101, "postgres", "postgres: 15/main: postgres other_db 127.0.0.1(5001) idle", 999, 999);
    process(102, "postgres", "postgres: 15/main: checkpointer ", 999, 999);
    process(103, "postgres", "postgres: 15/main: postgres bench_x 127.0.0.1(5002) idle", 5, 5);
    process(200, "redis-server", "redis-server 127.0.0.1:6390", 999, 999);
    process(201, "redis-server", "redis-server 127.0.0.1:6379", 70, 30);

    CpuSample s = new CpuProbe(proc, 100, 300, "bench_x", 6379, Set.of(103)).sample();

    assertThat(s.serverTicks()).isEqualTo(600);
    assertThat(s.postgresTicks()).containsOnlyKeys(100).containsEntry(100, 40L);
    assertThat(s.redisTicks()).isEqualTo(100);
  }

  @Test
  void cpuUsedBetweenTwoSamplesCountsNewBackendsWholeAndIgnoresExitedOnes() {
    CpuSample before = new CpuSample(1000, java.util.Map.of(1, 100L, 2, 50L, 3, 500L), 200);
    // backend 2 exited, 4 is new, 3's pid was reused by a younger process
    CpuSample after = new CpuSample(1250, java.util.Map.of(1, 130L, 3, 20L, 4, 10L), 210);

    CpuUse used = after.since(before, 100);

    assertThat(used.serverMs()).isEqualTo(2500.0);
    assertThat(used.postgresMs()).isEqualTo((30 + 20 + 10) * 10.0);
    assertThat(used.redisMs()).isEqualTo(100.0);
    assertThat(used.totalMs()).isEqualTo(2500.0 + 600.0 + 100.0);
  }

  @Test
  void aPartNotWatchedIsReportedAsMinusOneAndCostsNothingInTheTotal() {
    CpuSample before = new CpuSample(1000, null, -1);
    CpuSample after = new CpuSample(1100, null, -1);

    CpuUse used = after.since(before, 100);

    assertThat(used.postgresMs()).isEqualTo(-1);
    assertThat(used.redisMs()).isEqualTo(-1);
    assertThat(used.totalMs()).isEqualTo(1000.0);
  }

  @Test
  void aSampleSurvivesTheTripThroughJson() {
    CpuSample s = new CpuSample(7, java.util.Map.of(11, 3L), 5);

    assertThat(CpuProbe.fromJson(CpuProbe.toJson(s))).isEqualTo(s);
  }

  private void process(int pid, String comm, String cmdline, long utime, long stime) throws IOException {
    Path dir = Files.createDirectories(proc.resolve(Integer.toString(pid)));
    Files.writeString(dir.resolve("stat"), pid + " (" + comm + ") S 1 " + pid + " " + pid
        + " 0 -1 0 0 0 0 0 " + utime + " " + stime + " 0 0 20 0 1 0 1 1 1\n");
    Files.write(dir.resolve("cmdline"), cmdline.replace(' ', '\0').getBytes(StandardCharsets.UTF_8));
  }
}
