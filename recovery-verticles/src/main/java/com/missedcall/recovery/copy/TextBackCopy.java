package com.missedcall.recovery.copy;

import com.missedcall.recovery.hours.BusinessHours;
import com.missedcall.recovery.hours.OpenState;
import com.missedcall.recovery.sms.TextBack;
import com.missedcall.recovery.sms.TextBackTemplate;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A workspace's text-back copy: a template per moment (open hours, after hours, holiday: from its business
 * hours) and caller kind (first-time, returning), the values its variables draw on, and whether texts sent while
 * closed carry urgency guidance. Chooses the template for a call ({@link CopySlot#fallbacks}: the closest one
 * the workspace wrote) and renders the text exactly as the caller receives it.
 */
public final class TextBackCopy {
  private static final Logger LOG = LoggerFactory.getLogger(TextBackCopy.class);
  public static final String URGENCY_GUIDANCE = "Reply URGENT if this is an emergency.";

  /** The text for one call: the slot it was written for, the slot asked for, and which values were missing. */
  public record Chosen(CopySlot slot, CopySlot wanted, TextBack text, Set<String> missing) {}

  private final Map<CopySlot, CopyTemplate> templates;
  private final BusinessHours hours;
  private final String bookingLink;
  private final boolean urgencyGuidance;

  public TextBackCopy(Map<CopySlot, CopyTemplate> templates, BusinessHours hours, String bookingLink,
                      boolean urgencyGuidance) {
    if (!templates.containsKey(CopySlot.DEFAULT)) {
      throw new IllegalArgumentException("the default template is required");
    }
    this.templates = Map.copyOf(templates);
    this.hours = hours;
    this.bookingLink = bookingLink;
    this.urgencyGuidance = urgencyGuidance;
  }

  /**
   * As stored: the workspace's {@code textback_template} (the default), the other slots ({@code {"after_hours/
   * returning": "..."}}, may be null), the hours (null: not set). A stored template that no longer parses is
   * logged and rendered as before variables were checked (the default) or left out (the others): stored copy can
   * never stop a text-back.
   */
  public static TextBackCopy fromStored(String defaultTemplate, JsonObject slots, BusinessHours hours,
                                        String bookingLink, boolean urgencyGuidance) {
    java.util.HashMap<CopySlot, CopyTemplate> parsed = new java.util.HashMap<>();
    try {
      parsed.put(CopySlot.DEFAULT, CopyTemplate.parse(defaultTemplate));
    } catch (TemplateRejected e) {
      parsed.put(CopySlot.DEFAULT, CopyTemplate.legacy(defaultTemplate));
    }
    if (slots != null) {
      for (String key : slots.fieldNames()) {
        try {
          String[] parts = key.split("/");
          parsed.put(CopySlot.of(parts[0], parts[1]), CopyTemplate.parse(slots.getString(key)));
        } catch (RuntimeException e) {
          LOG.atWarn().addKeyValue("slot", key).addKeyValue("problem", e.getMessage())
              .log("stored text-back template unreadable, ignored");
        }
      }
    }
    return new TextBackCopy(parsed, hours, bookingLink, urgencyGuidance);
  }

  /** Only the default template: what a workspace had before copy per moment existed. */
  public static TextBackCopy only(String defaultTemplate) {
    return fromStored(defaultTemplate, null, null, null, false);
  }

  public BusinessHours hours() {
    return hours;
  }

  /**
   * Whether the copy changes with who calls (a returning template, or a first name used anywhere): only then is
   * the caller's history looked up before the decision.
   */
  public boolean dependsOnCaller() {
    return templates.keySet().stream().anyMatch(s -> s.caller() == CallerKind.RETURNING)
        || templates.values().stream().anyMatch(t -> t.uses(TemplateVariables.CALLER_FIRST_NAME));
  }

  /** Whether any template offers the intake page: only then is a link made for the text. */
  public boolean usesIntakeLink() {
    return templates.values().stream().anyMatch(t -> t.uses(TemplateVariables.INTAKE_LINK));
  }

  public OpenState momentAt(Instant at) {
    return hours == null ? OpenState.OPEN : hours.stateAt(at);
  }

  /** The template that serves this slot: its own, or the closest one written. */
  public CopySlot serving(CopySlot wanted) {
    for (CopySlot slot : wanted.fallbacks()) {
      if (templates.containsKey(slot)) {
        return slot;
      }
    }
    return CopySlot.DEFAULT;
  }

  /** The values of the variables for a call at {@code at}. */
  public TemplateVariables variables(Instant at, String businessName, CallerFacts caller) {
    TemplateVariables values = TemplateVariables.of(businessName)
        .with(TemplateVariables.BOOKING_LINK, bookingLink)
        .with(TemplateVariables.CALLER_FIRST_NAME, caller.firstName())
        .with(TemplateVariables.INTAKE_LINK, caller.intakeLink());
    if (hours != null) {
      values = values.with(TemplateVariables.HOURS_TODAY, hours.hoursOn(at))
          .with(TemplateVariables.NEXT_OPEN, hours.nextOpeningSpoken(at).orElse(null));
    }
    return values;
  }

  /** The text-back for a call at {@code at} from this caller, with the business name and the opt-out footer. */
  public Chosen choose(Instant at, CallerFacts caller, String businessName, String footer) {
    CopySlot wanted = new CopySlot(momentAt(at), caller.kind());
    CopySlot slot = serving(wanted);
    return render(templates.get(slot), wanted, slot, variables(at, businessName, caller), businessName, footer);
  }

  /** A template (not necessarily saved) rendered for a slot: the dashboard's live preview. */
  public Chosen preview(CopyTemplate template, CopySlot slot, TemplateVariables values, String businessName,
                        String footer) {
    return render(template, slot, slot, values, businessName, footer);
  }

  private Chosen render(CopyTemplate template, CopySlot wanted, CopySlot slot, TemplateVariables values,
                        String businessName, String footer) {
    Set<String> missing = new LinkedHashSet<>();
    String main = template.render(values, missing);
    if (urgencyGuidance && !wanted.moment().open() && !main.toUpperCase(Locale.ROOT).contains("URGENT")) {
      main = main + " " + URGENCY_GUIDANCE;
    }
    return new Chosen(slot, wanted, TextBackTemplate.compose(main, businessName, footer), missing);
  }
}
