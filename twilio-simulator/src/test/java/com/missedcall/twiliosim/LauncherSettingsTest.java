package com.missedcall.twiliosim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherSettingsTest {

  @Test
  void defaultsArePort4010OnAllInterfacesWithoutCallbacks() {
    LauncherSettings settings = LauncherSettings.from(name -> null);

    assertThat(settings.port()).isEqualTo(4010);
    assertThat(settings.host()).isEqualTo("0.0.0.0");
    assertThat(settings.accounts()).isEmpty();
    assertThat(settings.autoStatusCallbacks()).isFalse();
  }

  @Test
  void accountsAndOptionsAreRead() {
    Map<String, String> env = Map.of(
        "SIM_PORT", "5005",
        "SIM_ACCOUNTS", "AC1:token1, AC2:tok:en2",
        "SIM_AUTO_STATUS_CALLBACKS", "true");

    LauncherSettings settings = LauncherSettings.from(env::get);

    assertThat(settings.port()).isEqualTo(5005);
    assertThat(settings.accounts()).containsExactly(Map.entry("AC1", "token1"), Map.entry("AC2", "tok:en2"));
    assertThat(settings.autoStatusCallbacks()).isTrue();
  }

  @Test
  void aMalformedAccountEntryIsRejectedWithItsValue() {
    assertThatThrownBy(() -> LauncherSettings.from(Map.of("SIM_ACCOUNTS", "AC1")::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AC1");
  }
}
