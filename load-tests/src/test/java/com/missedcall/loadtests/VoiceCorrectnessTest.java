package com.missedcall.loadtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.loadtests.VoiceCorrectness.Played;
import com.missedcall.loadtests.VoiceCorrectness.Stored;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VoiceCorrectnessTest {
  private static final int TURNS = 4;

  private static Stored recovered(long conversation) {
    return new Stored("skipped", "voice_recovered", "voice", "voice_recovered", "voice_recovered", conversation,
        TURNS + 1, 0, TURNS + 1, TURNS + 1, 1, 0, 0, 1);
  }

  @Test
  void completedCallsEachRecoveredOnceOnTheirOwnTurnsPass() {
    List<Played> played = List.of(new Played("CA1", "+16100000001", "completed"),
        new Played("CA2", "+16100000002", "completed"));
    Map<String, Long> c = new VoiceCorrectness(played, Map.of("CA1", recovered(1), "CA2", recovered(2)), TURNS)
        .counts();

    assertThat(c).containsEntry("voiceCallsCompleted", 2L).containsEntry("voiceRecovered", 2L)
        .containsEntry("voiceTurnsStored", 10L).containsEntry("voiceTurnsExpected", 10L)
        .containsEntry("callerSummaries", 2L).containsEntry("lost", 0L);
    assertThat(VoiceCorrectness.passes(c)).isTrue();
  }

  @Test
  void aCompletedCallThatFellBackOrWasNeverStoredIsLost() {
    List<Played> played = List.of(new Played("CA1", "+16100000001", "completed"),
        new Played("CA2", "+16100000002", "completed"));
    Stored fellBack = new Stored("texted", "texted", null, "voice_caller_hung_up", "voice_caller_hung_up", 1L,
        TURNS + 1, 0, TURNS + 1, TURNS + 1, 0, 0, 1, 0);

    Map<String, Long> c = new VoiceCorrectness(played, Map.of("CA1", fellBack), TURNS).counts();

    assertThat(c).containsEntry("voiceRecovered", 0L).containsEntry("lost", 2L)
        .containsEntry("textBacksToRecovered", 1L);
    assertThat(VoiceCorrectness.passes(c)).isFalse();
  }

  @Test
  void crossedTurnsSharedConversationsAndDuplicatesFail() {
    List<Played> played = List.of(new Played("CA1", "+16100000001", "completed"),
        new Played("CA2", "+16100000002", "completed"));
    Stored crossed = new Stored("skipped", "voice_recovered", "voice", "voice_recovered", "voice_recovered", 1L,
        TURNS + 2, 0, TURNS + 2, TURNS + 1, 2, 1, 0, 2);
    Map<String, Stored> stored = new HashMap<>(Map.of("CA1", recovered(1), "CA2", crossed));

    Map<String, Long> c = new VoiceCorrectness(played, stored, TURNS).counts();

    assertThat(c).containsEntry("crossedTurns", 1L).containsEntry("sharedConversations", 1L)
        .containsEntry("duplicateTurns", 2L).containsEntry("duplicateOutcomes", 1L)
        .containsEntry("duplicateCallerSummaries", 1L);
    assertThat(VoiceCorrectness.passes(c)).isFalse();
  }

  @Test
  void failedAndCutOffCallsOweNoRecoveryButAreCounted() {
    List<Played> played = List.of(new Played("CA1", "+16100000001", "failed"),
        new Played("CA2", "+16100000002", "cut_off"));
    Stored decided = new Stored("texted", "texted", null, "voice_caller_hung_up", "voice_caller_hung_up", 1L, 2, 0,
        2, 2, 0, 0, 1, 0);

    Map<String, Long> c = new VoiceCorrectness(played, Map.of("CA1", decided), TURNS).counts();

    assertThat(c).containsEntry("voiceCallsFailed", 1L).containsEntry("voiceFailedDecided", 1L)
        .containsEntry("voiceCallsCutOff", 1L).containsEntry("voiceCallsCompleted", 0L).containsEntry("lost", 0L);
    assertThat(VoiceCorrectness.passes(c)).isTrue();
  }

  @Test
  void aTurnMissingFromTheEventsIsMissing() {
    List<Played> played = List.of(new Played("CA1", "+16100000001", "completed"));
    Stored missing = new Stored("skipped", "voice_recovered", "voice", "voice_recovered", "voice_recovered", 1L,
        TURNS + 1, 0, TURNS, TURNS, 1, 0, 0, 1);

    Map<String, Long> c = new VoiceCorrectness(played, Map.of("CA1", missing), TURNS).counts();

    assertThat(c).containsEntry("missingTurns", 1L);
    assertThat(VoiceCorrectness.passes(c)).isFalse();
  }
}
