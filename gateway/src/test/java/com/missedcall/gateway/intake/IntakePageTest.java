package com.missedcall.gateway.intake;

import static com.missedcall.gateway.support.ConversationFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.MutableClock;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The intake page over HTTP: the text-back's link opens a small branded form; one submission updates the lead,
 * completes the intake and tells the team once; bad submissions (oversized, script injection, a replayed nonce,
 * an expired or unknown token) change nothing.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntakePageTest {
  private TestDatabase db;
  private GatewayUnderTest gw;
  private IntakeFixture f;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of(), MutableClock.at(LocalTime.NOON, ZoneId.of("America/New_York")));
    f = new IntakeFixture(gw, db);
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private long submissions(TestTenant.Created t) {
    return f.count("SELECT count(*) FROM intake_submissions WHERE workspace_id = ?", t.workspaceId());
  }

  @Test
  void theTextBacksLinkOpensASmallBrandedFormWithoutScriptAndCountsTheOpen() {
    TestTenant.Created t = f.tenant(TestTenant.randomNumber());
    String link = f.missedCallLink(t, TestTenant.randomNumber());

    HttpResponse<String> page = IntakeFixture.get(link);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(page.body()).contains("<header><p>Ace Plumbing</p></header>").contains("<label for=\"f-need\">")
        .contains("<legend>How urgent is it?</legend>").doesNotContain("<script").doesNotContain("http://")
        .doesNotContain("https://");
    assertThat(page.body().getBytes(StandardCharsets.UTF_8).length).isLessThan(30 * 1024);
    assertThat(f.count("SELECT open_count FROM intake_links WHERE workspace_id = ?", t.workspaceId())).isEqualTo(1);
    assertThat(f.count("SELECT length(token_sha256) FROM intake_links WHERE workspace_id = ?", t.workspaceId()))
        .isEqualTo(32);
  }

  @Test
  void aSubmissionUpdatesTheLeadCompletesTheIntakePostsLeadUpdatedAndTellsTheTeamOnce() {
    String team = TestTenant.randomNumber();
    TestTenant.Created t = f.tenant(team);
    db.execute("INSERT INTO webhook_endpoints (agency_id, url, events, secret) VALUES (" + t.agencyId()
        + ", 'https://hooks.example.test/leads', ARRAY['lead.updated'], 'unused')");
    String caller = TestTenant.randomNumber();
    String link = f.missedCallLink(t, caller);
    String nonce = IntakeFixture.nonceOf(IntakeFixture.get(link).body());

    HttpResponse<String> thanks = IntakeFixture.post(link, IntakeFixture.answers(nonce, "Leaking water heater"));

    assertThat(thanks.statusCode()).isEqualTo(200);
    assertThat(thanks.body()).contains("Thank you!");
    assertThat(f.c.lead(t, caller, "need")).isEqualTo("Leaking water heater");
    assertThat(f.c.lead(t, caller, "address")).isEqualTo("12 Elm Street, Springfield");
    assertThat(f.c.lead(t, caller, "urgency")).isEqualTo("today");
    assertThat(f.c.lead(t, caller, "callback_time")).isEqualTo("after 5pm");
    assertThat(f.c.lead(t, caller, "stage")).isEqualTo("qualified");
    long conversation = f.c.conversation(t, caller);
    assertThat(db.queryString("SELECT intake_step FROM conversations WHERE id = ?", conversation)).isEqualTo("done");
    assertThat(f.c.events(conversation, "intake_completed", "intake_page")).isEqualTo(1);
    assertThat(f.count("SELECT count(*) FROM webhook_deliveries WHERE workspace_id = ? AND event_type = 'lead.updated' "
        + "AND payload::text LIKE '%Leaking water heater%'", t.workspaceId())).isEqualTo(1);
    await().atMost(WAIT).until(() -> f.texts(team).size() == 1 && f.texts(caller).size() == 2);
    assertThat(f.texts(team).get(0)).contains("Leaking water heater");
    assertThat(f.texts(caller).get(1)).contains("Leaking water heater");
    assertThat(f.c.timerWaits(conversation, "followup")).isFalse();
  }

  @Test
  void replayingTheSameFormIsTheSameThankYouAndWritesNothingMore() {
    String team = TestTenant.randomNumber();
    TestTenant.Created t = f.tenant(team);
    String caller = TestTenant.randomNumber();
    String link = f.missedCallLink(t, caller);
    String nonce = IntakeFixture.nonceOf(IntakeFixture.get(link).body());
    IntakeFixture.post(link, IntakeFixture.answers(nonce, "Blocked drain"));
    await().atMost(WAIT).until(() -> f.texts(team).size() == 1);

    HttpResponse<String> replay = IntakeFixture.post(link, IntakeFixture.answers(nonce, "Something else"));
    HttpResponse<String> another = IntakeFixture.post(link, IntakeFixture.answers("another-form-nonce-0001",
        "Something else"));

    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.body()).contains("Thank you!");
    assertThat(another.body()).contains("We already have your details");
    assertThat(submissions(t)).isEqualTo(1);
    assertThat(f.c.lead(t, caller, "need")).isEqualTo("Blocked drain");
    f.c.awaitSettled(t);
    assertThat(f.texts(team)).hasSize(1);
    assertThat(IntakeFixture.get(link).body()).contains("We already have your details");
  }

  @Test
  void scriptInAnAnswerIsEscapedWhereverThePageShowsItAndAnInvalidFormWritesNothing() {
    TestTenant.Created t = f.tenant(TestTenant.randomNumber());
    String caller = TestTenant.randomNumber();
    String link = f.missedCallLink(t, caller);
    String nonce = IntakeFixture.nonceOf(IntakeFixture.get(link).body());
    Map<String, String> answers = IntakeFixture.answers(nonce, "<script>alert('x')</script>\"><img src=x>");
    answers.put("urgency", "\"><script>alert(1)</script>");

    HttpResponse<String> refused = IntakeFixture.post(link, answers);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).doesNotContain("<script>").doesNotContain("<img")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x&gt;")
        .contains("Please choose one of the options.");
    assertThat(submissions(t)).isZero();
    assertThat(f.c.lead(t, caller, "need")).isNull();
  }

  @Test
  void anOversizedSubmissionIsRefusedAndWritesNothing() {
    TestTenant.Created t = f.tenant(TestTenant.randomNumber());
    String link = f.missedCallLink(t, TestTenant.randomNumber());
    String nonce = IntakeFixture.nonceOf(IntakeFixture.get(link).body());

    HttpResponse<String> huge = IntakeFixture.post(link, IntakeFixture.answers(nonce, "x".repeat(20_000)));
    HttpResponse<String> long1 = IntakeFixture.post(link, IntakeFixture.answers(nonce, "y".repeat(501)));

    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(long1.statusCode()).isEqualTo(400);
    assertThat(long1.body()).contains("Please keep this under 500 characters.");
    assertThat(submissions(t)).isZero();
  }

  @Test
  void anExpiredOrUnknownLinkIsAFriendlyPageAndWritesNothing() {
    TestTenant.Created t = f.tenant(TestTenant.randomNumber());
    String link = f.missedCallLink(t, TestTenant.randomNumber());
    String nonce = IntakeFixture.nonceOf(IntakeFixture.get(link).body());
    db.execute("UPDATE intake_links SET expires_at = now() - interval '1 minute' WHERE workspace_id = " + t.workspaceId());

    HttpResponse<String> expired = IntakeFixture.post(link, IntakeFixture.answers(nonce, "Too late"));
    HttpResponse<String> expiredOpen = IntakeFixture.get(link);
    String unknownLink = link.substring(0, link.length() - 24) + "A".repeat(24);
    HttpResponse<String> unknown = IntakeFixture.get(unknownLink);
    HttpResponse<String> malformed = IntakeFixture.get(link.substring(0, link.length() - 24) + "..%2Fadmin");

    assertThat(expired.statusCode()).isEqualTo(404);
    assertThat(expired.body()).contains("This link is no longer available").doesNotContain("Ace Plumbing");
    assertThat(expiredOpen.body()).isEqualTo(unknown.body());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(malformed.statusCode()).isEqualTo(404);
    assertThat(submissions(t)).isZero();
    assertThat(f.count("SELECT open_count FROM intake_links WHERE workspace_id = ?", t.workspaceId())).isEqualTo(1);
  }

  @Test
  void aWorkspaceWhoseCopyOffersNoLinkMakesNone() {
    TestTenant.Created t = gw.register(TestTenant.in(db).named("Plain Plumbing").create());

    f.c.missedCall(t, TestTenant.randomNumber());

    assertThat(f.count("SELECT count(*) FROM intake_links WHERE workspace_id = ?", t.workspaceId())).isZero();
  }

  private static final java.util.regex.Pattern ANY_LINK = java.util.regex.Pattern.compile("http://[^ ]+/i/[A-Za-z0-9_-]{24}");

  private static String linkIn(String text) {
    java.util.regex.Matcher m = ANY_LINK.matcher(text);
    return m.find() ? m.group() : null;
  }

  @Test
  void theIntakeScriptsFirstReplyOffersANewLinkToThePageBoundToTheConversation() {
    TestTenant.Created t = f.tenant(TestTenant.randomNumber());
    String caller = TestTenant.randomNumber();
    String textBackLink = f.missedCallLink(t, caller);

    String reply = f.c.textAndAwaitReply(t, caller, "Leaking water heater");

    String link = linkIn(reply);
    assertThat(reply).startsWith("Thanks! What's the address").contains("Or tell us everything in one short form: ");
    assertThat(link).isNotNull().isNotEqualTo(textBackLink);
    HttpResponse<String> page = IntakeFixture.get(link);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<label for=\"f-need\">");
    assertThat(f.count("SELECT count(DISTINCT conversation_id) FROM intake_links WHERE workspace_id = ?",
        t.workspaceId())).isEqualTo(1);
  }

  @Test
  void theIntakeScriptsLaterRepliesOfferNoLink() {
    TestTenant.Created t = f.tenant(TestTenant.randomNumber());
    String caller = TestTenant.randomNumber();
    f.missedCallLink(t, caller);
    f.c.textAndAwaitReply(t, caller, "Leaking water heater");

    String second = f.c.textAndAwaitReply(t, caller, "12 Elm Street, Springfield");

    assertThat(linkIn(second)).isNull();
    assertThat(f.count("SELECT count(*) FROM intake_links WHERE workspace_id = ?", t.workspaceId())).isEqualTo(2);
  }

  @Test
  void theIntakeScriptsFirstReplyOffersNoLinkWhenTheWorkspaceHasThePageOff() {
    TestTenant.Created t = gw.register(TestTenant.in(db).named("Plain Plumbing").create());
    String caller = TestTenant.randomNumber();
    f.c.missedCall(t, caller);

    String reply = f.c.textAndAwaitReply(t, caller, "Leaking water heater");

    assertThat(reply).startsWith("Thanks! What's the address");
    assertThat(linkIn(reply)).isNull();
    assertThat(f.count("SELECT count(*) FROM intake_links WHERE workspace_id = ?", t.workspaceId())).isZero();
  }
}
