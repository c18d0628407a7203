package com.missedcall.recovery.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TextBackTemplateTest {
  private static String defaultTemplate;
  private static String defaultFooter;

  /** The defaults a new workspace gets, read from the schema so this test follows any change to them. */
  @BeforeAll
  static void readDefaultsFromTheSchema() {
    String schema;
    try (InputStream in = TextBackTemplateTest.class.getResourceAsStream("/db/migration/V1__missed_call_core.sql")) {
      schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    defaultTemplate = columnDefault(schema, "textback_template");
    defaultFooter = columnDefault(schema, "optout_footer");
  }

  private static String columnDefault(String schema, String column) {
    Matcher m = Pattern.compile(column + "\\s+text\\s+NOT NULL\\s+DEFAULT\\s+'((?:[^']|'')*)'").matcher(schema);
    assertThat(m.find()).as("default of " + column + " in V1__missed_call_core.sql").isTrue();
    return m.group(1).replace("''", "'");
  }

  @Test
  void theDefaultTemplateNamesTheBusinessFirst() {
    TextBack text = TextBackTemplate.render(defaultTemplate, "Ace Plumbing", defaultFooter);

    assertThat(text.body()).startsWith("Ace Plumbing: ");
  }

  @Test
  void theDefaultTemplateWithTheDefaultFooterIsOneSegment() {
    TextBack text = TextBackTemplate.render(defaultTemplate, "Joe's Plumbing & Heating", defaultFooter);

    assertThat(text.body()).endsWith(" " + defaultFooter);
    assertThat(text.segments()).isEqualTo(1);
  }

  @Test
  void theDefaultTemplateStaysOneSegmentWithTheLongestNameThatFitsTheFullFooter() {
    String name = longestNameFittingOneSegment(defaultTemplate, " " + defaultFooter);

    TextBack text = TextBackTemplate.render(defaultTemplate, name, defaultFooter);

    assertThat(text.body()).hasSize(160).endsWith(" " + defaultFooter);
    assertThat(text.segments()).isEqualTo(1);
  }

  @Test
  void theShortFooterIsUsedWhenTheFullFooterWouldAddASegment() {
    String name = longestNameFittingOneSegment(defaultTemplate, " " + defaultFooter) + "X";

    TextBack text = TextBackTemplate.render(defaultTemplate, name, defaultFooter);

    assertThat(text.body()).endsWith(" " + TextBackTemplate.SHORT_FOOTER).doesNotContain(defaultFooter);
    assertThat(text.segments()).isEqualTo(1);
  }

  @Test
  void theFullFooterIsKeptWhenTheShortOneWouldNotSaveASegment() {
    String longTemplate = "{business}: " + "We are sorry we missed your call. ".repeat(6);

    TextBack text = TextBackTemplate.render(longTemplate, "Ace Plumbing", defaultFooter);

    assertThat(text.body()).endsWith(" " + defaultFooter);
    assertThat(text.segments()).isEqualTo(2);
  }

  @Test
  void aTemplateWithoutThePlaceholderIsPrefixedWithTheBusinessName() {
    TextBack text = TextBackTemplate.render("Sorry we missed your call!", "Ace Plumbing", "Reply STOP to opt out.");

    assertThat(text.body()).isEqualTo("Ace Plumbing: Sorry we missed your call! Reply STOP to opt out.");
  }

  @Test
  void aTemplateThatNamesTheBusinessLaterStillStartsWithTheName() {
    TextBack text = TextBackTemplate.render("Thanks for calling {business}!", "Ace Plumbing", "");

    assertThat(text.body()).isEqualTo("Ace Plumbing: Thanks for calling Ace Plumbing!");
  }

  @Test
  void curlyQuotesDashesAndEllipsesInTheTemplateFoldToGsm7() {
    TextBack text = TextBackTemplate.render(
        "{business}: We\u2019re sorry \u2014 we missed your call\u2026 \u201CReply\u201D here \u2013 thanks",
        "Ace Plumbing", "Reply \u2018STOP\u2019 to opt out.");

    assertThat(text.body())
        .isEqualTo("Ace Plumbing: We're sorry - we missed your call... \"Reply\" here - thanks Reply 'STOP' to opt out.");
    assertThat(SmsSegments.isGsm7(text.body())).isTrue();
    assertThat(text.segments()).isEqualTo(1);
  }

  @Test
  void aBusinessNameWithACurlyApostropheIsFoldedAndAppearsOnce() {
    TextBack text = TextBackTemplate.render(defaultTemplate, "Joe\u2019s Plumbing", defaultFooter);

    assertThat(text.body()).startsWith("Joe's Plumbing: Sorry");
    assertThat(SmsSegments.isGsm7(text.body())).isTrue();
    assertThat(text.segments()).isEqualTo(1);
  }

  @Test
  void aBlankFooterAddsNothing() {
    TextBack text = TextBackTemplate.render("{business}: Sorry we missed your call!", "Ace Plumbing", " ");

    assertThat(text.body()).isEqualTo("Ace Plumbing: Sorry we missed your call!");
  }

  @Test
  void aNullFooterAddsNothing() {
    TextBack text = TextBackTemplate.render("{business}: Sorry we missed your call!", "Ace Plumbing", null);

    assertThat(text.body()).isEqualTo("Ace Plumbing: Sorry we missed your call!");
  }

  @Test
  void anEmojiInTheTemplateIsKeptAndCountedAsUcs2() {
    TextBack text = TextBackTemplate.render("{business}: Sorry we missed your call! \uD83D\uDE4F", "Ace Plumbing",
        defaultFooter);

    assertThat(text.body()).contains("\uD83D\uDE4F");
    assertThat(text.segments()).isEqualTo(SmsSegments.count(text.body()));
  }

  @Test
  void theReportedSegmentCountMatchesTheBody() {
    TextBack text = TextBackTemplate.render(defaultTemplate, "A".repeat(120), defaultFooter);

    assertThat(text.segments()).isEqualTo(SmsSegments.count(text.body())).isGreaterThan(1);
  }

  /** A business name of plain letters that makes template + footer exactly 160 GSM-7 characters. */
  private static String longestNameFittingOneSegment(String template, String footerWithSpace) {
    int fixed = template.replace("{business}", "").length() + footerWithSpace.length();
    return "B".repeat(160 - fixed);
  }
}
