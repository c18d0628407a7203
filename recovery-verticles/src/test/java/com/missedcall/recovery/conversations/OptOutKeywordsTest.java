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

  @ParameterizedTest
  @ValueSource(strings = {"STOP", "stop", " Stop ", "\tSTOP\n", "STOPALL", "stop all", "UNSUBSCRIBE", "Cancel", "END",
      "quit", "Revoke", "OPTOUT", "opt out", "Opt-Out", "Stop.", "STOP!", "\"stop\""})
  void everyListedOptOutWordInAnyCaseOrSpacingIsAStop(String body) {
    assertThat(keyword(body)).contains(Keyword.STOP);
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
  @ValueSource(strings = {"Stop please", "please stop by", "I want to cancel my appointment", "the end", "yes", "",
      "STOP STOP", "stopping"})
  void aMessageThatIsMoreThanTheKeywordIsNoKeyword(String body) {
    assertThat(keyword(body)).isEmpty();
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
