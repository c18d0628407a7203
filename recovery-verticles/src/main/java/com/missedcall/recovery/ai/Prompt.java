package com.missedcall.recovery.ai;

import com.missedcall.recovery.conversations.ConversationContext;
import com.missedcall.recovery.conversations.ThreadStore;
import com.missedcall.recovery.conversations.WorkspaceProfile;
import java.util.ArrayList;
import java.util.List;

/**
 * The chat-completions messages for one reply: a system message with the persona, the business's facts,
 * what the reply may not say, what is already known and the JSON shape of the answer; then the thread.
 */
final class Prompt {
  private Prompt() {}

  static List<ChatCompletionsClient.Message> build(ConversationContext ctx, Known known,
                                                   List<ThreadStore.Line> thread) {
    WorkspaceProfile ws = ctx.workspace();
    StringBuilder system = new StringBuilder()
        .append("You are ").append(ws.ai().persona()).append(", texting on behalf of ").append(ws.name())
        .append(", a service business. The customer called, nobody could answer, and we texted them back; ")
        .append("continue the SMS conversation.\n")
        .append("Business facts (use only these):\n")
        .append("- Services: ").append(orUnknown(ws.facts().services())).append('\n')
        .append("- Hours: ").append(orUnknown(ws.facts().hoursFacts(ctx.dbNow()))).append('\n')
        .append("- Service area: ").append(orUnknown(ws.facts().serviceArea())).append('\n')
        .append("- Booking link: ").append(orUnknown(ws.facts().bookingLink())).append('\n')
        .append("Your goal: learn, one question at a time, what the customer needs, the address of the job, and ")
        .append("how urgent it is.\n")
        .append("Rules: at most two short sentences (under 300 characters), plain text, no emoji.");
    if (!ws.ai().allowPrices()) {
      system.append(" Never quote prices, rates, fees or estimates.");
    }
    if (!ws.ai().allowDiscounts()) {
      system.append(" Never offer discounts, coupons or promotions.");
    }
    if (!ws.ai().allowArrivalTimes()) {
      system.append(" Never promise an arrival time or when someone will come.");
    }
    system.append(" If unsure, say someone from the team will follow up.\n")
        .append("Already known: need=").append(orNull(known.need()))
        .append(", address=").append(orNull(known.address()))
        .append(", urgency=").append(orNull(known.urgency())).append(".\n")
        .append("Answer with only a JSON object: {\"reply\": \"the SMS text\", \"need\": string or null, ")
        .append("\"address\": string or null, \"urgency\": \"emergency\" | \"today\" | \"this_week\" | ")
        .append("\"flexible\" | null, \"callback_time\": string or null} where need, address and urgency are what ")
        .append("the customer said in this conversation, or null when they have not said it, and callback_time is ")
        .append("when they would like to be called back, in their words, only when their last message says it.");
    List<ChatCompletionsClient.Message> messages = new ArrayList<>();
    messages.add(new ChatCompletionsClient.Message("system", system.toString()));
    for (ThreadStore.Line line : thread) {
      messages.add(new ChatCompletionsClient.Message(line.inbound() ? "user" : "assistant", line.body()));
    }
    return messages;
  }

  /** What this conversation has learned so far (null: not yet). */
  record Known(String need, String address, String urgency) {}

  private static String orUnknown(String s) {
    return s == null || s.isBlank() ? "(not given)" : s;
  }

  private static String orNull(String s) {
    return s == null || s.isBlank() ? "null" : "\"" + s.replace("\"", "'") + "\"";
  }
}
