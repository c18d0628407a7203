package com.missedcall.twiliosim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the simulated people on a call do. {@code dial}: how the business's phone answers a {@code <Dial>}
 * ({@code no-answer}, {@code busy}, {@code failed}, {@code canceled}, or {@code answered}, then connected for
 * {@code dialDurationSeconds}). {@code turns}: the caller's answer to each {@code <Gather>} in order (speech
 * with a confidence, DTMF digits, or silence; a {@code <Gather>} past the last turn hears silence).
 * {@code hangUpAtTurn}: the caller hangs up while the N-th {@code <Gather>} (1-based) listens, after hearing its
 * prompt. {@code recording}: what the caller leaves at a {@code <Record>}.
 */
record VoiceScript(String dial, int dialDurationSeconds, List<Turn> turns, Integer hangUpAtTurn, Recording recording) {

  private static final Set<String> DIAL_OUTCOMES = Set.of("no-answer", "busy", "failed", "canceled", "answered");

  /** One caller turn: {@code speech} (with {@code confidence}), {@code digits}, or neither (silence). */
  record Turn(String speech, double confidence, String digits) {
    static final Turn SILENCE = new Turn(null, 0, null);

    boolean silent() {
      return speech == null && digits == null;
    }
  }

  record Recording(int durationSeconds, String transcription) {}

  /** A caller who stays silent, a business that does not answer, a 5 s wordless voicemail. */
  static VoiceScript silentCaller() {
    return new VoiceScript("no-answer", 0, List.of(), null, new Recording(5, ""));
  }

  Turn turn(int oneBased) {
    return oneBased <= turns.size() ? turns.get(oneBased - 1) : Turn.SILENCE;
  }

  static VoiceScript from(JsonObject json) {
    if (json == null) {
      return silentCaller();
    }
    String dial = json.getString("dial", "no-answer");
    if (!DIAL_OUTCOMES.contains(dial)) {
      throw new IllegalArgumentException("script.dial must be one of " + DIAL_OUTCOMES + ", got '" + dial + "'");
    }
    int dialDuration = json.getInteger("dialDurationSeconds", "answered".equals(dial) ? 30 : 0);
    List<Turn> turns = new ArrayList<>();
    JsonArray array = json.getJsonArray("turns", new JsonArray());
    for (int i = 0; i < array.size(); i++) {
      turns.add(turnOf(array.getJsonObject(i), i + 1));
    }
    Integer hangUpAt = json.getInteger("hangUpAtTurn");
    if (hangUpAt != null && hangUpAt < 1) {
      throw new IllegalArgumentException("script.hangUpAtTurn must be 1 or more");
    }
    JsonObject rec = json.getJsonObject("recording", new JsonObject());
    Recording recording = new Recording(rec.getInteger("durationSeconds", 5), rec.getString("transcription", ""));
    return new VoiceScript(dial, dialDuration, List.copyOf(turns), hangUpAt, recording);
  }

  private static Turn turnOf(JsonObject turn, int number) {
    if (turn == null) {
      throw new IllegalArgumentException("script.turns[" + number + "] must be an object");
    }
    if (turn.getBoolean("silence", false)) {
      return Turn.SILENCE;
    }
    String speech = turn.getString("speech");
    String digits = turn.getString("digits");
    if (speech == null && digits == null) {
      throw new IllegalArgumentException("script.turns[" + number + "] needs speech, digits or silence:true");
    }
    double confidence = turn.getDouble("confidence", 0.9);
    if (confidence < 0 || confidence > 1) {
      throw new IllegalArgumentException("script.turns[" + number + "].confidence must be between 0 and 1");
    }
    return new Turn(speech, confidence, digits);
  }
}
