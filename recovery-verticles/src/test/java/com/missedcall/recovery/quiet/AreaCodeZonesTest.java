package com.missedcall.recovery.quiet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class AreaCodeZonesTest {

  @Test
  void areaCodesMapToTheirTimeZones() {
    assertThat(AreaCodeZones.of("+12125550100")).contains(ZoneId.of("America/New_York"));
    assertThat(AreaCodeZones.of("+13125550100")).contains(ZoneId.of("America/Chicago"));
    assertThat(AreaCodeZones.of("+13035550100")).contains(ZoneId.of("America/Denver"));
    assertThat(AreaCodeZones.of("+16025550100")).contains(ZoneId.of("America/Phoenix"));
    assertThat(AreaCodeZones.of("+13105550100")).contains(ZoneId.of("America/Los_Angeles"));
    assertThat(AreaCodeZones.of("+19075550100")).contains(ZoneId.of("America/Anchorage"));
    assertThat(AreaCodeZones.of("+18085550100")).contains(ZoneId.of("Pacific/Honolulu"));
    assertThat(AreaCodeZones.of("+14165550100")).contains(ZoneId.of("America/Toronto"));
    assertThat(AreaCodeZones.of("+17875550100")).contains(ZoneId.of("America/Puerto_Rico"));
  }

  @Test
  void numbersOutsideNorthAmericaOrWithUnknownAreaCodesHaveNoZone() {
    assertThat(AreaCodeZones.of("+15555550100")).isEmpty();
    assertThat(AreaCodeZones.of("+442071234567")).isEmpty();
    assertThat(AreaCodeZones.of("+1212")).isEmpty();
    assertThat(AreaCodeZones.of(null)).isEmpty();
  }

  @Test
  void theTableCoversTheAreaCodesInService() {
    assertThat(AreaCodeZones.size()).isGreaterThan(400);
  }
}
