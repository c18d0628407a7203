package com.missedcall.loadtests.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {
  @Test
  void readsTheCpuTicksOfAStatLine() {
    ProcStat s = ProcStat.parse("2228 (redis-server) S 1 2228 2228 0 -1 4194560 2150 0 0 0 1234 567 8 9 20 0 "
        + "5 0 1161 66625536 2689 18446744073709551615 1 1 0 0 0 0 0 4097 17610 0 0 0 17 1 0 0 0 0 0");

    assertThat(s.pid()).isEqualTo(2228);
    assertThat(s.comm()).isEqualTo("redis-server");
    assertThat(s.state()).isEqualTo('S');
    assertThat(s.ppid()).isEqualTo(1);
    assertThat(s.utime()).isEqualTo(1234);
    assertThat(s.stime()).isEqualTo(567);
    assertThat(s.cutime()).isEqualTo(8);
    assertThat(s.cstime()).isEqualTo(9);
    assertThat(s.ownTicks()).isEqualTo(1801);
  }

  @Test
  void aProcessNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
    ProcStat s = ProcStat.parse("77 (my (odd) name) R 5 77 77 0 -1 0 0 0 0 0 40 2 0 0 20 0 1 0 1 1 1\n");

    assertThat(s.comm()).isEqualTo("my (odd) name");
    assertThat(s.utime()).isEqualTo(40);
    assertThat(s.stime()).isEqualTo(2);
  }

  @Test
  void aLineThatIsNotAStatLineIsRefused() {
    assertThatThrownBy(() -> ProcStat.parse("hello world")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcStat.parse("12 (x) S 1 2 3")).isInstanceOf(IllegalArgumentException.class);
  }
}
