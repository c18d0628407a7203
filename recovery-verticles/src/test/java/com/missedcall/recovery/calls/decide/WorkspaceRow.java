package com.missedcall.recovery.calls.decide;

import com.missedcall.testing.TestDatabase;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds one workspace (with its own agency) row by row, with the settings a decision reads. */
final class WorkspaceRow {
  private static final AtomicInteger SEQ = new AtomicInteger();
  private String status = "active";
  private String billing = "active";
  private String plan = "starter";
  private Integer dailySmsCap;
  private Integer monthlyLeadCap;
  private int duplicateWindowSeconds = 86_400;
  private boolean paused;
  private boolean followup = true;
  private boolean quietHoursExempt = true;

  static WorkspaceRow workspace() {
    return new WorkspaceRow();
  }

  WorkspaceRow inactive() {
    status = "inactive";
    return this;
  }

  WorkspaceRow billing(String billingStatus) {
    billing = billingStatus;
    return this;
  }

  WorkspaceRow plan(String code) {
    plan = code;
    return this;
  }

  WorkspaceRow dailySmsCap(int cap) {
    dailySmsCap = cap;
    return this;
  }

  WorkspaceRow monthlyLeadCap(int cap) {
    monthlyLeadCap = cap;
    return this;
  }

  WorkspaceRow duplicateWindowSeconds(int seconds) {
    duplicateWindowSeconds = seconds;
    return this;
  }

  WorkspaceRow sendingPaused() {
    paused = true;
    return this;
  }

  WorkspaceRow withoutFollowup() {
    followup = false;
    return this;
  }

  WorkspaceRow notQuietHoursExempt() {
    quietHoursExempt = false;
    return this;
  }

  /** Inserts the agency and the workspace; returns the workspace's id. */
  long create(TestDatabase db) {
    long agency = db.queryLong("INSERT INTO agencies (name) VALUES (?) RETURNING id", "Agency " + SEQ.incrementAndGet());
    return db.queryLong("""
        INSERT INTO workspaces (agency_id, name, timezone, status, billing_status, plan_code, daily_sms_cap,
                                monthly_lead_cap, duplicate_window_seconds, sending_paused_at, sending_paused_code,
                                followup_enabled, textback_quiet_hours_exempt)
        VALUES (?, ?, 'UTC', ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN now() END, CASE WHEN ? THEN 30007 END, ?, ?)
        RETURNING id""",
        agency, "Plumbing " + SEQ.get(), status, billing, plan, dailySmsCap, monthlyLeadCap, duplicateWindowSeconds,
        paused, paused, followup, quietHoursExempt);
  }
}
