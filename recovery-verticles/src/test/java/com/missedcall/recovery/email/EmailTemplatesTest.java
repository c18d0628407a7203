package com.missedcall.recovery.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmailTemplatesTest {
  @Test
  void whatACallerWroteIsEscapedInTheHtmlAndKeptAsIsInThePlainText() {
    EmailContent urgent = EmailTemplates.urgent("Ace <Plumbing>", "+15005550100", "<script>alert(1)</script> & flood", 7);

    assertThat(urgent.html()).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; flood").doesNotContain("<script>");
    assertThat(urgent.text()).contains("<script>alert(1)</script> & flood");
    assertThat(urgent.linkPath()).isEqualTo("/#/leads/7");
  }

  @Test
  void theFrameCarriesTheBusinessNameAndTheLinkInBothParts() {
    String text = EmailFrame.text("Ace Plumbing", "body", "https://gw.test/#/leads/7");
    String html = EmailFrame.html("Ace & Sons", "<p>body</p>", "https://gw.test/#/leads/7");

    assertThat(text).startsWith("Ace Plumbing").contains("https://gw.test/#/leads/7");
    assertThat(html).contains("Ace &amp; Sons").contains("href=\"https://gw.test/#/leads/7\"").contains("<p>body</p>");
  }
}
