package com.missedcall.recovery.ai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelReplyTest {

  @Test
  void theJsonAnswerGivesTheReplyAndWhatWasExtracted() {
    ModelReply reply = ModelReply.parse("""
        {"reply": "What's the address?", "need": "leaking pipe", "address": null, "urgency": "Today"}""").orElseThrow();

    assertThat(reply).isEqualTo(new ModelReply("What's the address?", "leaking pipe", null, "today"));
  }

  @Test
  void aJsonAnswerInACodeFenceIsUnwrapped() {
    assertThat(ModelReply.parse("```json\n{\"reply\": \"Hi!\", \"need\": \"null\"}\n```"))
        .contains(new ModelReply("Hi!", null, null, null));
  }

  @Test
  void aPlainTextAnswerIsTheReply() {
    assertThat(ModelReply.parse("  Sure, what's the address?  "))
        .contains(new ModelReply("Sure, what's the address?", null, null, null));
  }

  @Test
  void anUrgencyOutsideTheKnownValuesIsKeptInTheCallersWords() {
    assertThat(ModelReply.parse("{\"reply\": \"Ok\", \"urgency\": \"before the weekend\"}").orElseThrow().urgency())
        .isEqualTo("before the weekend");
    assertThat(ModelReply.parse("{\"reply\": \"Ok\", \"urgency\": \"this week\"}").orElseThrow().urgency())
        .isEqualTo("this_week");
  }

  @Test
  void anAnswerWithoutAReplyIsNoAnswer() {
    assertThat(ModelReply.parse("{\"need\": \"a plumber\"}")).isEmpty();
    assertThat(ModelReply.parse("   ")).isEmpty();
    assertThat(ModelReply.parse(null)).isEmpty();
  }
}
