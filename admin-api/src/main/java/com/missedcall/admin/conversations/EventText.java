package com.missedcall.admin.conversations;

import java.util.Map;

/** Conversation events (recorded by the conversations feature) in words a business owner understands. */
final class EventText {
  private static final Map<String, String> KINDS = Map.ofEntries(
      Map.entry("ai_replied", "AI replied"),
      Map.entry("ai_skipped", "AI did not reply"),
      Map.entry("alert_sent", "Team alerted at once"),
      Map.entry("alert_skipped", "No urgent alert sent"),
      Map.entry("followup_queued", "Follow-up scheduled"),
      Map.entry("handed_back", "Handed back to the AI"),
      Map.entry("intake_completed", "Intake completed"),
      Map.entry("manual_sent", "Staff sent a message"),
      Map.entry("model_failed", "The AI model failed; the intake script answered"),
      Map.entry("oncall_notified", "On-call number told"),
      Map.entry("reply_filtered", "An AI reply was held back by the safety filter"),
      Map.entry("staff_takeover", "Staff took over from the AI"),
      Map.entry("team_alerted", "Team alerted"),
      Map.entry("team_summary_sent", "Summary sent to the team"),
      Map.entry("team_summary_skipped", "No team summary sent"),
      Map.entry("closed", "Conversation closed"),
      Map.entry("reopened", "Conversation reopened"),
      Map.entry("opted_out", "Caller opted out (STOP)"),
      Map.entry("opted_in", "Caller opted back in (START)"),
      Map.entry("help_requested", "Caller asked for help (HELP)"),
      Map.entry("urgent_detected", "Urgent words detected"),
      Map.entry("ai_enabled", "AI switched on for this conversation"),
      Map.entry("ai_disabled", "AI switched off for this conversation"),
      Map.entry("message_held", "Text held until morning (quiet hours)"));
  private static final Map<String, String> REASONS = Map.ofEntries(
      Map.entry("conversation_closed", "the conversation is closed"),
      Map.entry("caller_opted_out", "the caller opted out"),
      Map.entry("ai_disabled_globally", "AI replies are switched off for the whole gateway"),
      Map.entry("plan_lacks_ai", "the plan does not include AI replies"),
      Map.entry("ai_disabled_for_workspace", "AI replies are off for this workspace"),
      Map.entry("ai_disabled_for_conversation", "AI is off for this conversation"),
      Map.entry("staff_takeover", "staff have taken over"),
      Map.entry("workspace_inactive", "the workspace is inactive"),
      Map.entry("billing_inactive", "billing is not active"),
      Map.entry("conversation_stale", "the conversation went stale"),
      Map.entry("superseded_by_newer_message", "a newer text from the caller is answered instead"),
      Map.entry("ai_turn_limit_reached", "the AI reached its reply limit for this conversation"),
      Map.entry("daily_sms_cap_reached", "the daily SMS cap is reached"),
      Map.entry("no_alert_numbers", "no alert number is set"),
      Map.entry("no_team_numbers", "no team number is set"),
      Map.entry("emergency_word", "an emergency word"),
      Map.entry("quiet_hours", "it is night where the caller is"),
      Map.entry("manual_message", "a staff message"),
      Map.entry("staff", "by staff"),
      Map.entry("stale", "after a quiet period"),
      Map.entry("keyword", "by keyword"),
      Map.entry("optout_type", "by Twilio's opt-out"),
      Map.entry("model", "by the AI model"),
      Map.entry("script", "by the built-in intake script"),
      Map.entry("intake_script", "by the built-in intake script"),
      Map.entry("fallback", "by the intake script after the AI model failed"));

  private EventText() {}

  static String of(String kind, String reason) {
    String words = KINDS.getOrDefault(kind, kind.replace('_', ' '));
    if (reason == null) {
      return words;
    }
    return words + ": " + REASONS.getOrDefault(reason, reason.replace('_', ' '));
  }
}
