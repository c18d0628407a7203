package com.missedcall.recovery.calls.decide;

import static com.missedcall.recovery.calls.decide.DecideCall.missedCall;
import static com.missedcall.recovery.calls.decide.WorkspaceRow.workspace;
import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.calls.DecisionReason;
import com.missedcall.recovery.calls.decide.DecideCall.Decided;
import com.missedcall.recovery.db.DatabaseUrl;
import com.missedcall.recovery.db.Migrations;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The decision function ({@code R__recovery_decide.sql}) called directly in SQL against a migrated database:
 * one test per reason it can return, asserting the reason and the rows it wrote or did not write. Each test
 * has a workspace (and callers) of its own, so the tests share one database.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecoveryDecideReasonsTest {
  /**
   * The work one text-back queues besides its message row (V20): the follow-up if the caller stays silent and the
   * conversation's close, both steps of the conversation's timer (V50), no job rows.
   */
  private static final String TEXTED_WORK = "auto_close,followup";
  private TestDatabase db;

  @BeforeAll
  void migrate(TestDatabase db) {
    this.db = db;
    Migrations.configuration(DatabaseUrl.parse(db.url())).load().migrate();
  }

  @Test
  @Covers("texted")
  void aMissedCallIsTextedWithItsLeadJobMessageConversationFollowupAndCounts() {
    long ws = workspace().create(db);
    DecideCall call = missedCall(ws);

    Decided d = call.decide(db);

    assertThat(d.outcome()).isEqualTo("texted");
    assertThat(d.reason()).isEqualTo("texted");
    assertThat(d.leadCounted()).isTrue();
    assertThat(d.smsUsed()).isEqualTo(1);
    assertThat(d.leadsUsed()).isEqualTo(1);
    assertThat(d.claimedUntil()).isNull();
    assertThat(WorkspaceRows.of(db, ws)).isEqualTo(new WorkspaceRows(1, 1, TEXTED_WORK, 1, 1, 1, 1));
    assertThat(callRow(d)).isEqualTo("texted/texted/lead=" + d.leadId());
    assertThat(db.queryString("SELECT send_status || '/' || attempts || '/' || call_id || '/' || lead_id"
        + " || '/' || conversation_id FROM messages WHERE id = ? AND kind = 'textback'", d.jobId()))
        .isEqualTo("pending/0/" + d.callId() + "/" + d.leadId() + "/" + d.conversationId());
    assertThat(db.queryString("SELECT direction || '/' || kind || '/' || to_number || '/' || status FROM messages"
        + " WHERE id = ?", d.jobId())).isEqualTo("outbound/textback/" + call.caller() + "/pending");
    assertThat(db.queryLong("SELECT count(*) FROM conversations WHERE workspace_id = ? AND followup_step = 'followup'"
        + " AND followup_due_at = ?::timestamptz + interval '1800 seconds'", ws, call.receivedAt().toString())).isOne();
    assertThat(db.queryLong("SELECT count(*) FROM jobs WHERE workspace_id = ?", ws)).isZero();
    assertThat(db.queryLong("SELECT count(*) FROM leads WHERE id = ? AND last_texted_at = ?::timestamptz"
        + " AND counted_month IS NOT NULL AND call_count = 1", d.leadId(), call.receivedAt().toString())).isOne();
  }

  @Test
  @Covers("texted")
  void aTextBackAskedForWithALeaseIsHandedOverClaimedUntilItRunsOut() {
    long ws = workspace().create(db);

    Decided d = missedCall(ws).claimedFor(30).decide(db);

    assertThat(d.reason()).isEqualTo("texted");
    assertThat(d.claimedUntil()).isNotNull();
    assertThat(db.queryString("SELECT send_status || '/' || attempts || '/' || last_outcome FROM messages WHERE id = ?",
        d.jobId())).isEqualTo("running/1/unknown");
    assertThat(db.queryLong("SELECT count(*) FROM messages WHERE id = ? AND lease_until = ?::timestamptz",
        d.jobId(), d.claimedUntil().toString())).isOne();
  }

  @Test
  @Covers("texted")
  void aWorkspaceThatHoldsTextsForQuietHoursGetsItsTextBackUnclaimedEvenWhenALeaseIsAskedFor() {
    long ws = workspace().notQuietHoursExempt().create(db);

    Decided d = missedCall(ws).claimedFor(30).decide(db);

    assertThat(d.reason()).isEqualTo("texted");
    assertThat(d.claimedUntil()).isNull();
    assertThat(db.queryString("SELECT send_status FROM messages WHERE id = ?", d.jobId())).isEqualTo("pending");
  }

  @Test
  @Covers("texted")
  void aWorkspaceWithoutFollowupsGetsTheTextBackAlone() {
    long ws = workspace().withoutFollowup().create(db);

    Decided d = missedCall(ws).decide(db);

    assertThat(d.reason()).isEqualTo("texted");
    assertThat(WorkspaceRows.of(db, ws).work()).isEqualTo("auto_close");
  }

  @Test
  @Covers("not_final")
  void aCallNotFinalYetIsRecordedPendingWithNoLeadAndNoWork() {
    long ws = workspace().create(db);

    Decided d = missedCall(ws).event("pending", "ringing").decide(db);

    assertThat(d.outcome()).isEqualTo("pending");
    assertThat(d.reason()).isEqualTo("not_final");
    assertThat(WorkspaceRows.of(db, ws)).isEqualTo(WorkspaceRows.onlyTheCall());
    assertThat(callRow(d)).isEqualTo("pending/not_final/lead=null");
  }

  @Test
  @Covers("texted")
  void aPendingCallThatEndsMissedIsDecidedOnItsOwnRow() {
    long ws = workspace().create(db);
    DecideCall call = missedCall(ws);
    Decided pending = call.event("pending", "ringing").decide(db);

    Decided d = call.event("missed", "no-answer").decide(db);

    assertThat(d.reason()).isEqualTo("texted");
    assertThat(d.callId()).isEqualTo(pending.callId());
    assertThat(WorkspaceRows.of(db, ws).calls()).isOne();
    assertThat(db.queryString("SELECT call_status FROM calls WHERE id = ?", d.callId())).isEqualTo("no-answer");
  }

  @Test
  @Covers("duplicate_webhook")
  void aSecondDeliveryOfADecidedCallSidIsADuplicateThatWritesNothing() {
    long ws = workspace().create(db);
    DecideCall call = missedCall(ws);
    Decided first = call.decide(db);
    WorkspaceRows before = WorkspaceRows.of(db, ws);

    Decided d = call.decide(db);

    assertThat(d.outcome()).isEqualTo("duplicate");
    assertThat(d.reason()).isEqualTo("duplicate_webhook");
    assertThat(d.callId()).isEqualTo(first.callId());
    assertThat(d.leadId()).isEqualTo(first.leadId());
    assertThat(d.jobId()).isNull();
    assertThat(WorkspaceRows.of(db, ws)).isEqualTo(before);
    assertThat(db.queryLong("SELECT call_count FROM leads WHERE id = ?", first.leadId())).isOne();
  }

  @Test
  @Covers("answered")
  void anAnsweredCallIsRecordedWithoutALeadOrText() {
    long ws = workspace().create(db);

    Decided d = missedCall(ws).event("answered", "completed").decide(db);

    assertThat(d.outcome()).isEqualTo("skipped");
    assertThat(d.reason()).isEqualTo("answered");
    assertThat(WorkspaceRows.of(db, ws)).isEqualTo(WorkspaceRows.onlyTheCall());
    assertThat(callRow(d)).isEqualTo("skipped/answered/lead=null");
  }

  @Test
  @Covers("answered")
  void anAnsweredCallOfAKnownCallerPointsAtTheirLeadWithoutCountingACall() {
    long ws = workspace().create(db);
    String caller = DecideCall.newCaller();
    Decided missed = missedCall(ws).from(caller).decide(db);

    Decided d = missedCall(ws).from(caller).event("answered", "completed").decide(db);

    assertThat(d.reason()).isEqualTo("answered");
    assertThat(d.leadId()).isEqualTo(missed.leadId());
    assertThat(db.queryLong("SELECT call_count FROM leads WHERE id = ?", missed.leadId())).isOne();
  }

  @Test
  @Covers("cancelled_answered_call")
  void anAnsweredCallCancelsTheCallersTextBackWaitingOutItsSendDelayWithTheReasonOnItsCall() {
    long ws = workspace().create(db);
    db.execute("UPDATE workspaces SET textback_delay_open_seconds = 60 WHERE id = " + ws);
    String caller = DecideCall.newCaller();
    Decided missed = missedCall(ws).from(caller).moment("open").claimedFor(30).decide(db);

    Decided answered = missedCall(ws).from(caller).event("answered", "completed").decide(db);

    assertThat(missed.reason()).isEqualTo("texted");
    assertThat(missed.claimedUntil()).as("a delayed text-back is never handed over claimed").isNull();
    assertThat(answered.reason()).isEqualTo("answered");
    assertThat(db.queryString("SELECT decision || '/' || reason FROM calls WHERE id = ?", missed.callId()))
        .isEqualTo("skipped/cancelled_answered_call");
    assertThat(db.queryString("SELECT send_status FROM messages WHERE id = ?", missed.jobId())).isEqualTo("cancelled");
  }

  @Test
  @Covers("anonymous_caller")
  void aMissedCallFromAHiddenNumberIsRecordedWithoutALeadOrText() {
    long ws = workspace().create(db);

    Decided d = missedCall(ws).from("").event("anonymous", "no-answer").decide(db);

    assertThat(d.outcome()).isEqualTo("skipped");
    assertThat(d.reason()).isEqualTo("anonymous_caller");
    assertThat(WorkspaceRows.of(db, ws)).isEqualTo(WorkspaceRows.onlyTheCall());
  }

  @Test
  @Covers("workspace_inactive")
  void aMissedCallOfAnInactiveWorkspaceIsALeadButNoText() {
    assertSkippedAfterTheLead(workspace().inactive(), "workspace_inactive");
  }

  @Test
  @Covers("billing_inactive")
  void aMissedCallOfAWorkspacePastDueIsALeadButNoText() {
    assertSkippedAfterTheLead(workspace().billing("past_due"), "billing_inactive");
  }

  @Test
  @Covers("billing_inactive")
  void aTrialingWorkspaceIsTexted() {
    long ws = workspace().billing("trialing").create(db);

    assertThat(missedCall(ws).decide(db).reason()).isEqualTo("texted");
  }

  @Test
  @Covers("plan_lacks_textback")
  void aMissedCallOnAPlanWithoutTextBackIsALeadButNoText() {
    assertSkippedAfterTheLead(workspace().plan("voice_only"), "plan_lacks_textback");
  }

  @Test
  @Covers("sending_paused")
  void aMissedCallOfAWorkspaceWhoseSendingIsPausedIsALeadButNoText() {
    assertSkippedAfterTheLead(workspace().sendingPaused(), "sending_paused");
  }

  @Test
  @Covers("caller_opted_out")
  void aMissedCallFromACallerWhoOptedOutIsALeadButNoText() {
    long ws = workspace().create(db);
    DecideCall call = missedCall(ws);
    db.queryLong("INSERT INTO opt_outs (workspace_id, phone, source) VALUES (?, ?, 'keyword') RETURNING 1",
        ws, call.caller());

    assertSkippedAfterTheLead(ws, call, "caller_opted_out");
  }

  @Test
  @Covers("caller_opted_out")
  void aCallerWhoOptedOutOfAnotherWorkspaceIsStillTexted() {
    long other = workspace().create(db);
    long ws = workspace().create(db);
    DecideCall call = missedCall(ws);
    db.queryLong("INSERT INTO opt_outs (workspace_id, phone, source) VALUES (?, ?, 'keyword') RETURNING 1",
        other, call.caller());

    assertThat(call.decide(db).reason()).isEqualTo("texted");
  }

  @Test
  @Covers("caller_cannot_receive_sms")
  void aMissedCallFromANumberThatCannotReceiveSmsIsALeadButNoText() {
    long ws = workspace().create(db);
    DecideCall call = missedCall(ws);
    db.queryLong("INSERT INTO unreachable_numbers (phone, error_code) VALUES (?, 21614) RETURNING 1", call.caller());

    assertSkippedAfterTheLead(ws, call, "caller_cannot_receive_sms");
  }

  @Test
  @Covers("within_duplicate_window")
  void aCallerTextedWithinTheWindowIsNotTextedAgainButTheCallCounts() {
    long ws = workspace().duplicateWindowSeconds(3600).create(db);
    String caller = DecideCall.newCaller();
    Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Decided texted = missedCall(ws).from(caller).at(first).decide(db);

    Decided d = missedCall(ws).from(caller).at(first.plus(Duration.ofMinutes(59))).decide(db);

    assertThat(d.outcome()).isEqualTo("skipped");
    assertThat(d.reason()).isEqualTo("within_duplicate_window");
    assertThat(d.leadId()).isEqualTo(texted.leadId());
    assertThat(d.jobId()).isNull();
    assertThat(WorkspaceRows.of(db, ws)).isEqualTo(new WorkspaceRows(2, 1, TEXTED_WORK, 1, 1, 1, 1));
    assertThat(db.queryLong("SELECT call_count FROM leads WHERE id = ?", texted.leadId())).isEqualTo(2);
  }

  @Test
  @Covers("within_duplicate_window")
  void aCallerTextedBeforeTheWindowIsTextedAgainAndNotCountedAsASecondLeadThisMonth() {
    long ws = workspace().duplicateWindowSeconds(3600).create(db);
    String caller = DecideCall.newCaller();
    // both calls in the same UTC month, whatever the day the test runs
    Instant first = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofMinutes(1));
    missedCall(ws).from(caller).at(first).decide(db);

    Decided d = missedCall(ws).from(caller).at(first.plus(Duration.ofMinutes(61))).decide(db);

    assertThat(d.reason()).isEqualTo("texted");
    assertThat(d.leadCounted()).isFalse();
    WorkspaceRows rows = WorkspaceRows.of(db, ws);
    assertThat(rows.smsUsed()).isEqualTo(2);
    assertThat(rows.leadsUsed()).isEqualTo(1);
    assertThat(rows.messages()).isEqualTo(2);
    assertThat(rows.conversations()).isOne();
  }

  @Test
  @Covers("monthly_lead_cap_reached")
  void aNewCallerOverTheMonthlyLeadCapIsALeadButNoText() {
    long ws = workspace().monthlyLeadCap(1).create(db);
    missedCall(ws).decide(db);

    Decided d = missedCall(ws).decide(db);

    assertThat(d.outcome()).isEqualTo("skipped");
    assertThat(d.reason()).isEqualTo("monthly_lead_cap_reached");
    assertThat(d.jobId()).isNull();
    assertThat(WorkspaceRows.of(db, ws)).isEqualTo(new WorkspaceRows(2, 2, TEXTED_WORK, 1, 1, 1, 1));
    assertThat(db.queryLong("SELECT count(*) FROM leads WHERE id = ? AND counted_month IS NULL AND last_texted_at IS NULL",
        d.leadId())).isOne();
  }

  @Test
  @Covers("monthly_lead_cap_reached")
  void aCallerAlreadyCountedThisMonthIsTextedAgainAtTheMonthlyLeadCap() {
    long ws = workspace().monthlyLeadCap(1).duplicateWindowSeconds(0).create(db);
    String caller = DecideCall.newCaller();
    Instant first = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofMinutes(1));
    missedCall(ws).from(caller).at(first).decide(db);

    Decided d = missedCall(ws).from(caller).at(first.plus(Duration.ofMinutes(1))).decide(db);

    assertThat(d.reason()).isEqualTo("texted");
    assertThat(WorkspaceRows.of(db, ws).leadsUsed()).isOne();
  }

  @Test
  @Covers("daily_sms_cap_reached")
  void aCallerOverTheDailySmsCapIsALeadButNoTextAndIsNotCountedAsALead() {
    long ws = workspace().dailySmsCap(1).create(db);
    missedCall(ws).decide(db);

    Decided d = missedCall(ws).decide(db);

    assertThat(d.outcome()).isEqualTo("skipped");
    assertThat(d.reason()).isEqualTo("daily_sms_cap_reached");
    assertThat(d.leadCounted()).isFalse();
    assertThat(WorkspaceRows.of(db, ws)).isEqualTo(new WorkspaceRows(2, 2, TEXTED_WORK, 1, 1, 1, 1));
  }

  @Test
  @Covers("daily_sms_cap_reached")
  void aWorkspaceWithADailySmsCapOfZeroTextsNobody() {
    long ws = workspace().dailySmsCap(0).create(db);

    Decided d = missedCall(ws).decide(db);

    assertThat(d.reason()).isEqualTo("daily_sms_cap_reached");
    assertThat(WorkspaceRows.of(db, ws)).isEqualTo(WorkspaceRows.callAndLead());
  }

  @Test
  @Covers("workspace_inactive")
  void workspaceReasonsComeBeforeCallerReasons() {
    long ws = workspace().inactive().create(db);
    DecideCall call = missedCall(ws);
    db.queryLong("INSERT INTO opt_outs (workspace_id, phone, source) VALUES (?, ?, 'keyword') RETURNING 1",
        ws, call.caller());

    assertThat(call.decide(db).reason()).isEqualTo("workspace_inactive");
  }

  @Test
  @Covers("duplicate_webhook")
  void theBatchFormAnswersEachWebhookInOrderAndDecidesACallSidSentTwiceOnce() {
    long ws = workspace().create(db);
    String caller = DecideCall.newCaller();
    DecideCall first = missedCall(ws).from(caller);
    DecideCall other = missedCall(ws);
    DecideCall again = missedCall(ws).from(caller).sid(first.callSid());

    List<DecideBatch.Row> rows = DecideBatch.decide(db, ws, List.of(first, other, again));

    assertThat(rows).extracting(DecideBatch.Row::ord).containsExactly(1, 2, 3);
    assertThat(rows).extracting(DecideBatch.Row::reason).containsExactly("texted", "texted", "duplicate_webhook");
    assertThat(rows.get(2).callId()).isEqualTo(rows.get(0).callId());
    assertThat(rows.get(2).jobId()).isNull();
    assertThat(rows.get(1).leadId()).isNotEqualTo(rows.get(0).leadId());
    WorkspaceRows written = WorkspaceRows.of(db, ws);
    assertThat(written.calls()).isEqualTo(2);
    assertThat(written.messages()).isEqualTo(2);
    assertThat(written.smsUsed()).isEqualTo(2);
  }

  @Test
  @Covers("within_duplicate_window")
  void inOneBatchACallSeesTheTextBackOfTheCallBeforeIt() {
    long ws = workspace().create(db);
    String caller = DecideCall.newCaller();

    List<DecideBatch.Row> rows = DecideBatch.decide(db, ws, List.of(missedCall(ws).from(caller),
        missedCall(ws).from(caller)));

    assertThat(rows).extracting(DecideBatch.Row::reason).containsExactly("texted", "within_duplicate_window");
  }

  /**
   * Every decision reason the function's source names has a test here: a reason added to the function
   * without one fails this test. (unknown_number is decided before the function: no workspace to call it for.)
   */
  @Test
  void everyReasonTheFunctionCanReturnHasATest() throws IOException {
    String source;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("db/migration/R__recovery_decide.sql")) {
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Set<String> named = Arrays.stream(DecisionReason.values()).map(DecisionReason::code)
        .filter(code -> source.contains("'" + code + "'"))
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> covered = Arrays.stream(getClass().getDeclaredMethods())
        .map(m -> m.getAnnotation(Covers.class)).filter(c -> c != null).map(Covers::value)
        .collect(Collectors.toCollection(TreeSet::new));

    assertThat(named).contains("texted", "duplicate_webhook", "daily_sms_cap_reached");
    assertThat(covered).containsAll(named);
  }

  private void assertSkippedAfterTheLead(WorkspaceRow settings, String reason) {
    long ws = settings.create(db);
    assertSkippedAfterTheLead(ws, missedCall(ws), reason);
  }

  /** A skip taken after the caller was grouped: the call and the lead are written, nothing is sent or counted. */
  private void assertSkippedAfterTheLead(long ws, DecideCall call, String reason) {
    Decided d = call.decide(db);

    assertThat(d.outcome()).isEqualTo("skipped");
    assertThat(d.reason()).isEqualTo(reason);
    assertThat(d.leadId()).isNotNull();
    assertThat(d.jobId()).isNull();
    assertThat(d.leadCounted()).isFalse();
    assertThat(WorkspaceRows.of(db, ws)).isEqualTo(WorkspaceRows.callAndLead());
    assertThat(callRow(d)).isEqualTo("skipped/" + reason + "/lead=" + d.leadId());
    assertThat(db.queryLong("SELECT count(*) FROM leads WHERE id = ? AND call_count = 1 AND last_texted_at IS NULL",
        d.leadId())).isOne();
  }

  private String callRow(Decided d) {
    return db.queryString("SELECT decision || '/' || reason || '/lead=' || coalesce(lead_id::text, 'null') FROM calls"
        + " WHERE id = ?", d.callId());
  }

  /** The reason a test is about (checked against the reasons the function names). */
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @java.lang.annotation.Target(java.lang.annotation.ElementType.METHOD)
  @interface Covers {
    String value();
  }
}
