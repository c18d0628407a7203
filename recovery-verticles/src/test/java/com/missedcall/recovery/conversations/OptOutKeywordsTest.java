package com.missedcall.recovery.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.conversations.OptOutKeywords.Keyword;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptOutKeywordsTest {

  private static Optional<Keyword> keyword(String body) {
    return OptOutKeywords.classify(body, null).map(OptOutKeywords.Match::keyword);
  }

  private static Optional<String> source(String body) {
    return OptOutKeywords.classify(body, null).map(OptOutKeywords.Match::source);
  }

  @ParameterizedTest
  @ValueSource(strings = {"STOP", "stop", " Stop ", "\tSTOP\n", "STOPALL", "stop all", "UNSUBSCRIBE", "Cancel", "END",
      "quit", "Revoke", "OPTOUT", "opt out", "Opt-Out", "Stop.", "STOP!", "\"stop\""})
  void everyListedOptOutWordInAnyCaseOrSpacingIsAStop(String body) {
    assertThat(keyword(body)).contains(Keyword.STOP);
    assertThat(source(body)).contains("keyword");
  }

  @ParameterizedTest
  @ValueSource(strings = {"START", "start", " Unstop "})
  void startAndUnstopLiftAnOptOut(String body) {
    assertThat(keyword(body)).contains(Keyword.START);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HELP", "help", "Info"})
  void helpAndInfoAskForHelp(String body) {
    assertThat(keyword(body)).contains(Keyword.HELP);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Stop please", "please stop texting me", "¡STOP!", "unsubscribe me", "stop texting",
      "Please stop.", "STOP STOP", "Stop texting me!!", "stop messaging me", "Stop sending me texts",
      "please stop contacting me", "Stop calling me", "Don't text me anymore", "do not text me again",
      "Do not contact me", "no more texts", "No more messages please", "Remove me from your list",
      "Take me off your list", "opt me out", "Opt out please", "unsubscribe me from this list",
      "I want to unsubscribe", "stop texting me thanks", "STOP 🛑", "stop, please!", "Stop it", "PLEASE STOP",
      "¡Basta!", "Alto", "no más mensajes", "Stop texting this number", "just stop", "I said stop"})
  void aClearFreeTextRevocationIsAStop(String body) {
    assertThat(OptOutKeywords.classify(body, null))
        .contains(new OptOutKeywords.Match(Keyword.STOP, OptOutKeywords.FREE_TEXT));
  }

  @ParameterizedTest
  @ValueSource(strings = {"can you stop by tomorrow at 3", "the water won't stop leaking", "please stop by",
      "Please stop by to look at my boiler", "I want to cancel my appointment", "the end", "yes", "", "stopping",
      "stop the leak please", "When can you stop by?", "It won't stop", "Stop sign is down at the corner",
      "Don't call the office, text me", "don't text me the price, call me", "stop texting me my basement is flooding",
      "no", "I need to cancel", "ok", "please", "thanks", "can you unsubscribe my neighbour", "remove the old boiler",
      "take me off hold", "my kid said stop", "para mañana", "stop texting me, when can you come?"})
  void aStopWordInsideAnotherSentenceIsNoOptOut(String body) {
    assertThat(keyword(body)).isEmpty();
  }

  @Test
  void aFreeTextRevocationIsConfirmedByTheGatewayAndACarrierKeywordIsNot() {
    assertThat(OptOutKeywords.classify("please stop texting me", null).orElseThrow().needsOwnConfirmation()).isTrue();
    assertThat(OptOutKeywords.classify("STOP", null).orElseThrow().needsOwnConfirmation()).isFalse();
    assertThat(OptOutKeywords.classify("Stop texting me", "STOP").orElseThrow().needsOwnConfirmation()).isFalse();
  }

  @Test
  void aVeryLongMessageIsNeverReadAsARevocation() {
    assertThat(keyword("stop ".repeat(100))).isEmpty();
  }

  @Test
  void twilioOptOutTypeWinsOverTheBody() {
    assertThat(OptOutKeywords.classify("Stop texting me", "STOP"))
        .contains(new OptOutKeywords.Match(Keyword.STOP, "optout_type"));
    assertThat(OptOutKeywords.classify("whatever", "start")).map(OptOutKeywords.Match::keyword).contains(Keyword.START);
  }

  @Test
  void aKeywordFromTheBodyIsRecordedAsSuch() {
    assertThat(OptOutKeywords.classify("stop", null)).contains(new OptOutKeywords.Match(Keyword.STOP, "keyword"));
    assertThat(OptOutKeywords.classify("stop", "")).contains(new OptOutKeywords.Match(Keyword.STOP, "keyword"));
  }

  @Test
  void aMissingBodyIsNoKeyword() {
    assertThat(OptOutKeywords.classify(null, null)).isEmpty();
  }
}
