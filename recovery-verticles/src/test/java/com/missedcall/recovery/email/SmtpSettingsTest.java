package com.missedcall.recovery.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmtpSettingsTest {
  @Test
  void anSmtpUrlWithCredentialsUsesStartTlsOnPort587ByDefault() {
    SmtpSettings s = SmtpSettings.parse("smtp://mailer:p%40ss@mail.example.com", "a@b.c", "https://gw");

    assertThat(s.host()).isEqualTo("mail.example.com");
    assertThat(s.port()).isEqualTo(587);
    assertThat(s.ssl()).isFalse();
    assertThat(s.startTls()).isEqualTo(StartTLSOptions.OPTIONAL);
    assertThat(s.username()).isEqualTo("mailer");
    assertThat(s.password()).isEqualTo("p@ss");
  }

  @Test
  void anSmtpsUrlIsTlsFromTheFirstByteOnPort465() {
    SmtpSettings s = SmtpSettings.parse("smtps://mail.example.com", "a@b.c", "https://gw");

    assertThat(s.ssl()).isTrue();
    assertThat(s.port()).isEqualTo(465);
  }

  @Test
  void startTlsCanBeRequired() {
    assertThat(SmtpSettings.parse("smtp://h:2525?starttls=required", "a@b.c", "").startTls())
        .isEqualTo(StartTLSOptions.REQUIRED);
  }

  @Test
  void anotherSchemeOrAnUnknownOptionIsRefused() {
    assertThatThrownBy(() -> SmtpSettings.parse("http://mail.example.com", "a@b.c", ""))
        .hasMessageContaining("smtp://");
    assertThatThrownBy(() -> SmtpSettings.parse("smtp://h?tls=yes", "a@b.c", "")).hasMessageContaining("tls");
  }

  @Test
  void thePasswordIsNeverPrinted() {
    assertThat(SmtpSettings.parse("smtp://u:secret-pw@h", "a@b.c", "").toString()).doesNotContain("secret-pw");
  }

  @Test
  void theMailClientsConnectHandshakeAndIdleTimesAreBoundByTheSendBudget() {
    MailConfig config = SmtpSettings.parse("smtps://h", "a@b.c", "").mailConfig(EmailSender.sendBudget(
        Duration.ofSeconds(30)));

    assertThat(config.getConnectTimeout()).isEqualTo(20_000);
    assertThat(config.getIdleTimeoutUnit().toMillis(config.getIdleTimeout())).isEqualTo(20_000);
    assertThat(config.getSslHandshakeTimeoutUnit().toMillis(config.getSslHandshakeTimeout())).isEqualTo(20_000);
  }
}
