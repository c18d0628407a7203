package com.missedcall.recovery.voice;

import com.missedcall.recovery.ai.ChatCompletionsClient;
import com.missedcall.recovery.ai.ModelReply;
import com.missedcall.recovery.ai.ReplyFilter;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The chat-completions request for one voice turn and the reading of its answer. The assistant speaks, so the
 * prompt asks for short spoken sentences without lists or links, and whatever comes back is made speakable
 * (links and list markers dropped, two sentences at most). A reply that quotes a price, a discount or an
 * arrival time is refused like on SMS (the script's question is said instead).
 */
public final class VoicePrompt {
  static final int MAX_SPOKEN = 240;
  private static final Pattern URL = Pattern.compile("(https?://|www\\.)\\S+", Pattern.CASE_INSENSITIVE);
  private static final Pattern LIST_MARKER = Pattern.compile("(^|\\s)([-*•]|\\d+[.)])\\s+");

  /** One turn of the conversation so far. */
  public record Line(String caller, String assistant) {}

  /** The model's answer: what to say and what it extracted (null fields: nothing). */
  public record Reply(String say, VoiceFacts facts) {}

  private VoicePrompt() {}

  public static List<ChatCompletionsClient.Message> build(VoiceChannels ws, VoiceFacts known, List<Line> turns,
                                                          String callerWords) {
    StringBuilder system = new StringBuilder()
        .append("You are the automated phone assistant of ").append(ws.businessName())
        .append(", a service business. The caller's call was missed and you are speaking with them on the phone.\n")
        .append("Services: ").append(ws.services() == null || ws.services().isBlank() ? "(not given)" : ws.services())
        .append('\n')
        .append("Your goal: learn, one question at a time, what the caller needs, the address of the job, how urgent ")
        .append("it is, and the best time to call them back.\n")
        .append("Rules: you are speaking, not texting. One or two short sentences. No lists, no links, no emoji, ")
        .append("no spelling out of web addresses.");
    if (!ws.allowPrices()) {
      system.append(" Never quote prices, rates, fees or estimates.");
    }
    if (!ws.allowDiscounts()) {
      system.append(" Never offer discounts.");
    }
    if (!ws.allowArrivalTimes()) {
      system.append(" Never promise an arrival time.");
    }
    system.append("\nAlready known: need=").append(quoted(known.need()))
        .append(", address=").append(quoted(known.address()))
        .append(", urgency=").append(quoted(known.urgency()))
        .append(", callback_time=").append(quoted(known.callbackTime())).append(".\n")
        .append("Answer with only a JSON object: {\"reply\": \"what you say next\", \"need\": string or null, ")
        .append("\"address\": string or null, \"urgency\": \"emergency\" | \"today\" | \"this_week\" | \"flexible\" | null, ")
        .append("\"callback_time\": string or null} with what the caller said in this call, or null.");
    List<ChatCompletionsClient.Message> messages = new ArrayList<>();
    messages.add(new ChatCompletionsClient.Message("system", system.toString()));
    for (Line line : turns) {
      if (line.assistant() != null) {
        messages.add(new ChatCompletionsClient.Message("assistant", line.assistant()));
      }
      if (line.caller() != null) {
        messages.add(new ChatCompletionsClient.Message("user", line.caller()));
      }
    }
    messages.add(new ChatCompletionsClient.Message("user", callerWords));
    return messages;
  }

  /** The model's answer made speakable; empty when it said nothing usable or something it may not say. */
  public static Optional<Reply> parse(String content, VoiceChannels ws) {
    if (content == null) {
      return Optional.empty();
    }
    String text = content.strip();
    if (text.startsWith("```")) {
      text = text.replaceFirst("^```[a-zA-Z]*\\s*", "").replaceFirst("\\s*```$", "").strip();
    }
    String say = text;
    VoiceFacts facts = new VoiceFacts(null, null, null, null);
    if (text.startsWith("{")) {
      try {
        JsonObject json = new JsonObject(text);
        say = ModelReply.string(json, "reply");
        facts = new VoiceFacts(ModelReply.string(json, "need"), ModelReply.string(json, "address"),
            ModelReply.urgency(ModelReply.string(json, "urgency")), ModelReply.string(json, "callback_time"));
      } catch (DecodeException | ClassCastException notJson) {
        say = text;
      }
    }
    String spoken = speakable(say);
    if (spoken == null
        || ReplyFilter.check(spoken, ws.allowPrices(), ws.allowDiscounts(), ws.allowArrivalTimes()).isPresent()) {
      return Optional.empty();
    }
    return Optional.of(new Reply(spoken, facts));
  }

  /** Links and list markers dropped, whitespace collapsed, at most two sentences and {@value #MAX_SPOKEN} chars. */
  static String speakable(String raw) {
    if (raw == null) {
      return null;
    }
    String s = URL.matcher(raw).replaceAll("").replace('\n', ' ');
    s = LIST_MARKER.matcher(s).replaceAll(" ").replaceAll("[*#_`]", "").replaceAll("\\s+", " ").strip();
    String[] sentences = s.split("(?<=[.!?])\\s+");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < sentences.length && i < 2; i++) {
      if (out.length() + sentences[i].length() > MAX_SPOKEN) {
        break;
      }
      out.append(out.length() == 0 ? "" : " ").append(sentences[i]);
    }
    String spoken = out.toString().strip();
    return spoken.isEmpty() ? null : spoken;
  }

  private static String quoted(String s) {
    return s == null || s.isBlank() ? "null" : "\"" + s.replace("\"", "'") + "\"";
  }
}
