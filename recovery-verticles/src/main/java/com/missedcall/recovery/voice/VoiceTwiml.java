package com.missedcall.recovery.voice;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Record;
import com.twilio.twiml.voice.Say;
import java.util.Arrays;

/**
 * The TwiML of voice recovery, built with twilio-java's builders: Twilio speaks ({@code <Say>}) and listens
 * ({@code <Gather input="speech">}, posting {@code SpeechResult} to the next turn's URL, also when the caller said
 * nothing, so silence is a turn too), records a voicemail ({@code <Record>} with Twilio's transcription) and
 * hangs up.
 */
public final class VoiceTwiml {
  /** Longest voicemail, in seconds. */
  static final int VOICEMAIL_SECONDS = 120;

  /** How the assistant listens on one workspace's calls. */
  public record Listening(String language, String hints, int timeoutSeconds, String speechTimeout) {}

  private VoiceTwiml() {}

  /** Says {@code before} (may be null), then asks {@code question} and listens; the answer goes to {@code turnUrl}. */
  public static String ask(String before, String question, String turnUrl, Listening listening) {
    Gather.Builder gather = new Gather.Builder()
        .inputs(Gather.Input.SPEECH)
        .action(turnUrl)
        .method(HttpMethod.POST)
        .timeout(listening.timeoutSeconds())
        .speechTimeout(listening.speechTimeout())
        .actionOnEmptyResult(true)
        .say(say(question, listening.language()));
    gatherLanguage(listening.language()).ifPresent(gather::language);
    if (listening.hints() != null && !listening.hints().isBlank()) {
      gather.hints(listening.hints());
    }
    VoiceResponse.Builder response = new VoiceResponse.Builder();
    if (before != null && !before.isBlank()) {
      response.say(say(before, listening.language()));
    }
    return response.gather(gather.build()).build().toXml();
  }

  /** Says {@code text} and hangs up. */
  public static String goodbye(String text, String language) {
    return new VoiceResponse.Builder().say(say(text, language)).hangup(new Hangup.Builder().build()).build().toXml();
  }

  /** An outbound alert call: the summary, a pause, the summary again (the callee may pick up mid-sentence), goodbye. */
  public static String alert(String words, String language) {
    return new VoiceResponse.Builder().say(say(words, language))
        .pause(new com.twilio.twiml.voice.Pause.Builder().length(1).build())
        .say(say("Again: " + words, language)).hangup(new Hangup.Builder().build()).build().toXml();
  }

  /** The consent line, then a recorded voicemail transcribed by Twilio; the recording goes to {@code recordingUrl}. */
  public static String voicemail(String consent, String recordingUrl, String transcriptionUrl, String language) {
    Record record = new Record.Builder()
        .action(recordingUrl)
        .method(HttpMethod.POST)
        .maxLength(VOICEMAIL_SECONDS)
        .playBeep(true)
        .transcribe(true)
        .transcribeCallback(transcriptionUrl)
        .build();
    return new VoiceResponse.Builder().say(say(consent, language)).record(record)
        .hangup(new Hangup.Builder().build()).build().toXml();
  }

  private static Say say(String text, String language) {
    Say.Builder say = new Say.Builder(text);
    Arrays.stream(Say.Language.values()).filter(l -> l.toString().equalsIgnoreCase(language)).findFirst()
        .ifPresent(say::language);
    return say.build();
  }

  private static java.util.Optional<Gather.Language> gatherLanguage(String language) {
    return Arrays.stream(Gather.Language.values()).filter(l -> l.toString().equalsIgnoreCase(language)).findFirst();
  }

  /** Twilio's speech hints: the business's services, comma-separated, kept short. */
  public static String hints(String services) {
    if (services == null || services.isBlank()) {
      return null;
    }
    String h = services.replaceAll("[\\r\\n;]+", ",").replaceAll("\\s+", " ").strip();
    return h.length() <= 200 ? h : h.substring(0, 200);
  }
}
