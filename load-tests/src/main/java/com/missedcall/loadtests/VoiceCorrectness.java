package com.missedcall.loadtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The voice scenario's correctness checks, from what the generator played (each call and what became of it) and
 * what PostgreSQL and the outbox hold for the scenario's callers:
 * <ul>
 *   <li>every <b>completed</b> call (each webhook acknowledged, the script played to the closing line) has exactly
 *   one outcome, {@code voice_recovered}, on its call row and its voice call, and exactly one decision event;
 *   else it is <b>lost</b>;</li>
 *   <li>each completed call has its own conversation with its own turns: the greeting and one turn per answer,
 *   each stored once (turn rows and {@code voice_turn} events), every caller turn carrying that caller's own job
 *   token (a turn, event or lead fact carrying another's is <b>crossed</b>), all answered by the script;</li>
 *   <li>no text-back to a recovered caller, and one caller summary each (the workspaces keep it on);</li>
 *   <li>a <b>failed</b> call (a webhook refused or unanswered) is still decided once, whatever the outcome: it
 *   counts as lost only if the status callback was acknowledged and nothing was decided.</li>
 * </ul>
 */
public final class VoiceCorrectness {

  /** One call the generator played: CallSid, caller, and {@code completed}, {@code failed} or {@code cut_off}. */
  public record Played(String sid, String caller, String state) {
    boolean completed() {
      return "completed".equals(state);
    }

    public static List<Played> read(Path tsv) throws IOException {
      List<Played> all = new ArrayList<>();
      for (String line : Files.readAllLines(tsv)) {
        String[] f = line.split("\t");
        if (f.length == 3) {
          all.add(new Played(f[0], f[1], f[2]));
        }
      }
      return all;
    }
  }

  /**
   * One call as PostgreSQL has it. {@code turns}: turn rows (greeting included), {@code distinctTurnEvents} and
   * {@code turnEvents}: its {@code voice_turn} events, {@code crossed}: its turns, events and lead facts that carry
   * another caller's token or sit in another call's conversation.
   */
  public record Stored(String decision, String reason, String channel, String voiceOutcome, String voiceCallOutcome,
                       Long conversationId, long turns, long nonScriptTurns, long turnEvents, long distinctTurnEvents,
                       long recoveredEvents, long crossed, long textBacks, long callerSummaries) {}

  private final List<Played> played;
  private final Map<String, Stored> stored;
  private final int turnsPerCall;

  public VoiceCorrectness(List<Played> played, Map<String, Stored> storedBySid, int turnsPerCall) {
    this.played = played;
    this.stored = storedBySid;
    this.turnsPerCall = turnsPerCall;
  }

  /** The counts, in the order they appear in the JSON record. */
  public Map<String, Long> counts() {
    long completed = 0;
    long recovered = 0;
    long lost = 0;
    long missingTurns = 0;
    long duplicateTurns = 0;
    long duplicateOutcomes = 0;
    long crossed = 0;
    long nonScript = 0;
    long textBacks = 0;
    long summaries = 0;
    long missingSummaries = 0;
    long duplicateSummaries = 0;
    long failedDecided = 0;
    long turnsStored = 0;
    Map<Long, Long> conversations = new LinkedHashMap<>();
    for (Played p : played) {
      Stored s = stored.get(p.sid());
      if (!p.completed()) {
        if (s != null && !"pending".equals(s.decision())) {
          failedDecided++;
        }
        continue;
      }
      completed++;
      if (s == null) {
        lost++;
        continue;
      }
      boolean isRecovered = "voice_recovered".equals(s.reason()) && "voice_recovered".equals(s.voiceOutcome())
          && "voice_recovered".equals(s.voiceCallOutcome()) && "voice".equals(s.channel())
          && "skipped".equals(s.decision());
      if (isRecovered) {
        recovered++;
      } else {
        lost++;
      }
      long expectedTurns = turnsPerCall + 1L;
      turnsStored += s.turns();
      missingTurns += Math.max(0, expectedTurns - Math.min(s.turns(), s.distinctTurnEvents()));
      duplicateTurns += Math.max(0, s.turns() - expectedTurns) + (s.turnEvents() - s.distinctTurnEvents())
          + Math.max(0, s.distinctTurnEvents() - expectedTurns);
      duplicateOutcomes += Math.max(0, s.recoveredEvents() - 1);
      crossed += s.crossed();
      nonScript += s.nonScriptTurns();
      textBacks += s.textBacks();
      summaries += s.callerSummaries();
      missingSummaries += s.callerSummaries() == 0 ? 1 : 0;
      duplicateSummaries += Math.max(0, s.callerSummaries() - 1);
      if (s.conversationId() != null) {
        conversations.merge(s.conversationId(), 1L, Long::sum);
      }
    }
    long shared = conversations.values().stream().mapToLong(n -> n - 1).sum();
    Map<String, Long> c = new LinkedHashMap<>();
    c.put("voiceCallsStarted", (long) played.size());
    c.put("voiceCallsCompleted", completed);
    c.put("voiceRecovered", recovered);
    c.put("voiceCallsFailed", played.stream().filter(p -> "failed".equals(p.state())).count());
    c.put("voiceFailedDecided", failedDecided);
    c.put("voiceCallsCutOff", played.stream().filter(p -> "cut_off".equals(p.state())).count());
    c.put("voiceTurnsStored", turnsStored);
    c.put("voiceTurnsExpected", completed * (turnsPerCall + 1L));
    c.put("missingTurns", missingTurns);
    c.put("duplicateTurns", duplicateTurns);
    c.put("duplicateOutcomes", duplicateOutcomes);
    c.put("crossedTurns", crossed);
    c.put("sharedConversations", shared);
    c.put("nonScriptTurns", nonScript);
    c.put("textBacksToRecovered", textBacks);
    c.put("callerSummaries", summaries);
    c.put("missingCallerSummaries", missingSummaries);
    c.put("duplicateCallerSummaries", duplicateSummaries);
    c.put("lost", lost);
    return c;
  }

  /** Whether the counts pass: every completed call recovered once, on its own turns, by the script; nothing twice. */
  public static boolean passes(Map<String, Long> c) {
    return c.get("voiceRecovered").equals(c.get("voiceCallsCompleted")) && c.get("lost") == 0
        && c.get("missingTurns") == 0 && c.get("duplicateTurns") == 0 && c.get("duplicateOutcomes") == 0
        && c.get("crossedTurns") == 0 && c.get("sharedConversations") == 0 && c.get("nonScriptTurns") == 0
        && c.get("textBacksToRecovered") == 0 && c.get("missingCallerSummaries") == 0
        && c.get("duplicateCallerSummaries") == 0;
  }
}
