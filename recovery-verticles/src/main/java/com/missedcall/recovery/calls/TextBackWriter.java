package com.missedcall.recovery.calls;

import com.missedcall.recovery.copy.CallerFacts;
import com.missedcall.recovery.copy.CallerHistory;
import com.missedcall.recovery.copy.CopySlot;
import com.missedcall.recovery.copy.TextBackCopy;
import com.missedcall.recovery.sms.TextBack;
import com.missedcall.recovery.workspace.TrackedLine;
import com.missedcall.recovery.intake.IntakeLinks;
import com.missedcall.recovery.intake.IntakeToken;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Writes the text-back of a missed call before the decision: the workspace's copy for the moment the call came
 * in (its business hours) and for who is calling (first-time or returning, looked up only when the copy depends
 * on it), with every variable filled in.
 */
public final class TextBackWriter {
  /**
   * The text, the template slot that wrote it, the slot the call asked for, and what the text-back job must carry
   * (the moment the call came in, which picks the send delay, and the intake link's token hash when the text
   * offers one).
   */
  public record Written(TextBack text, CopySlot slot, CopySlot wanted, JsonObject jobPayload) {}

  /** The payload key of the moment ({@code open}, {@code after_hours}, {@code holiday}). */
  public static final String MOMENT = "moment";

  private final CallerHistory history;
  private final IntakeLinks intakeLinks;

  /**
   * @param history     where returning callers are looked up (null: every caller is first-time)
   * @param intakeLinks makes the intake page links of texts whose copy offers one (null: {@code {intake_link}}
   *                    is always missing and falls back)
   */
  public TextBackWriter(CallerHistory history, IntakeLinks intakeLinks) {
    this.history = history;
    this.intakeLinks = intakeLinks;
  }

  /** What the copy needs to know of the caller; started before the fast path answers, so the two overlap. */
  public Future<CallerFacts> caller(TrackedLine line, CallEvent event) {
    if (history == null || event.from() == null || !line.copy().dependsOnCaller()) {
      return Future.succeededFuture(CallerFacts.FIRST_TIME);
    }
    return history.lookUp(line.workspaceId(), event.from());
  }

  public Written write(TrackedLine line, CallEvent event, CallerFacts caller) {
    IntakeToken token = intakeLinks != null && line.copy().usesIntakeLink() ? IntakeToken.generate() : null;
    CallerFacts facts = token == null ? caller : caller.withIntakeLink(intakeLinks.url(token));
    TextBackCopy.Chosen chosen = line.copy().choose(event.receivedAt(), facts, line.businessName(),
        line.optOutFooter());
    // a template that offers the link only in a slot not chosen now needs no link for this text
    boolean offered = token != null && chosen.text().body().contains(token.value());
    JsonObject payload = offered ? IntakeLinks.payloadOf(token) : new JsonObject();
    // the moment picks the workspace's send delay (open or after hours) in the decision
    payload.put(MOMENT, chosen.wanted().moment().code());
    return new Written(chosen.text(), chosen.slot(), chosen.wanted(), payload);
  }
}
