package com.missedcall.recovery.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CopyTemplateTest {
  private static final TemplateVariables ALL = TemplateVariables.of("Ace Plumbing")
      .with(TemplateVariables.INTAKE_LINK, "https://gw.example/i/abc")
      .with(TemplateVariables.BOOKING_LINK, "https://book.example/ace")
      .with(TemplateVariables.HOURS_TODAY, "8am–6pm")
      .with(TemplateVariables.NEXT_OPEN, "tomorrow at 8am")
      .with(TemplateVariables.CALLER_FIRST_NAME, "Dana");

  @Test
  void everyVariableRenders() {
    CopyTemplate t = CopyTemplate.parse("{business}: hi {caller_first_name}! Today {hours_today}, next {next_open}. "
        + "Tell us: {intake_link} or book {booking_link}");

    assertThat(t.render(ALL)).isEqualTo("Ace Plumbing: hi Dana! Today 8am–6pm, next tomorrow at 8am. "
        + "Tell us: https://gw.example/i/abc or book https://book.example/ace");
    assertThat(t.variables()).containsExactly("business", "caller_first_name", "hours_today", "next_open",
        "intake_link", "booking_link");
  }

  @Test
  void aMissingValueFallsBackToTheTemplatesOwnFallbackElseTheDefault() {
    TemplateVariables none = TemplateVariables.of("Ace Plumbing");
    Set<String> missing = new LinkedHashSet<>();

    String text = CopyTemplate.parse("Hi {caller_first_name}, we open {next_open}. Book: {booking_link|call us back}. "
        + "{intake_link} Thanks!").render(none, missing);

    assertThat(text).isEqualTo("Hi there, we open soon. Book: call us back. Thanks!");
    assertThat(missing).containsExactly("caller_first_name", "next_open", "booking_link", "intake_link");
  }

  @Test
  void anEmptyFallbackLeavesNoStraySpaceBeforePunctuation() {
    assertThat(CopyTemplate.parse("Hi {caller_first_name|}, call us").render(TemplateVariables.of("Ace")))
        .isEqualTo("Hi, call us");
  }

  @Test
  void anUnknownVariableIsRefusedNamingItAndTheKnownOnes() {
    assertThatThrownBy(() -> CopyTemplate.parse("Hi {first_name}!"))
        .isInstanceOfSatisfying(TemplateRejected.class, e -> {
          assertThat(e.code()).isEqualTo("unknown_template_variable");
          assertThat(e.getMessage()).startsWith("{first_name} is not a template variable; use {business}, ")
              .contains("{caller_first_name}");
        });
  }

  @Test
  void strayBracesAreRefusedAndDoubledBracesAreLiteral() {
    assertThat(codeOf("Hi {business")).isEqualTo("invalid_template");
    assertThat(codeOf("Hi business}")).isEqualTo("invalid_template");
    assertThat(codeOf("Hi {}")).isEqualTo("invalid_template");
    assertThat(codeOf("Hi {business|{x}}")).isEqualTo("invalid_template");
    assertThat(CopyTemplate.parse("{{literal}} {business}").render(ALL)).isEqualTo("{literal} Ace Plumbing");
  }

  @Test
  void aLegacyTemplateOnlyReplacesTheBusiness() {
    assertThat(CopyTemplate.legacy("{business} says {hello}").render(ALL)).isEqualTo("Ace Plumbing says {hello}");
  }

  private static String codeOf(String template) {
    try {
      CopyTemplate.parse(template);
      return "accepted";
    } catch (TemplateRejected e) {
      return e.code();
    }
  }

  @Test
  void anyTextEitherParsesAndRendersWithoutBracesOfVariablesOrIsRefusedWithACode() {
    Random random = new Random(3);
    String[] pieces = {"{", "}", "{{", "}}", "|", "business", "caller_first_name", "next_open", "intake_link",
        "bogus", " ", "Hi", ".", ",", "é", "😀", "{business}", "{caller_first_name|there}", "{hours_today|}",
        "{ business }", "\n"};
    int parsed = 0;
    for (int run = 0; run < 20_000; run++) {
      StringBuilder text = new StringBuilder();
      int n = random.nextInt(12);
      for (int i = 0; i < n; i++) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      CopyTemplate t;
      try {
        t = CopyTemplate.parse(text.toString());
      } catch (TemplateRejected e) {
        assertThat(e.code()).isIn("invalid_template", "unknown_template_variable");
        continue;
      }
      parsed++;
      String full = t.render(ALL);
      String empty = t.render(TemplateVariables.of("Ace"));
      if (!text.toString().contains("{{")) { // doubled braces write literal ones, "{{business}}" included
        for (String name : TemplateVariables.NAMES) {
          assertThat(full).doesNotContain("{" + name + "}");
          assertThat(empty).doesNotContain("{" + name + "}");
        }
      }
      assertThat(TemplateVariables.NAMES).containsAll(t.variables());
    }
    assertThat(parsed).isGreaterThan(1_000);
  }
}
