package com.missedcall.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import com.missedcall.admin.auth.ApiKeys;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.SentMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard in headless Chromium (the system's, driven by Playwright): sign in with an API key,
 * simulate a missed call through the Twilio simulator (and text back as the caller), see the lead texted
 * back, open its conversation and send a manual reply that reaches the simulator. A screenshot of every page lands in
 * {@code target/screenshots/}. Skipped only when no Chromium binary exists.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {
  private static final Path SHOTS = Path.of("target", "screenshots");
  /** The flags known to work here (TOOLCHAIN.md); Playwright adds headless mode and a fresh profile itself. */
  private static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
  private static final double TIMEOUT_MS = 20_000;
  private static final String ZONE = "America/Chicago";
  private static final String BROWSER_ZONE = "Asia/Tokyo";
  private static final Pattern ISO_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT");

  private GatewayUnderTest gw;
  private TestDatabase db;
  private TestTenant.Created tenant;
  private String apiKey;
  private Playwright playwright;
  private Browser browser;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) throws Exception {
    Optional<Path> chromium = chromium();
    assumeTrue(chromium.isPresent(), "no Chromium binary (apt-get install -y chromium)");
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of());
    TestTenant.Created created = TestTenant.in(db).named("Ace Plumbing").create();
    // the workspace's zone is not the browser's (Asia/Tokyo, below): the dashboard must show the workspace's
    db.execute("UPDATE workspaces SET timezone = '" + ZONE + "' WHERE id = " + created.workspaceId());
    tenant = gw.register(created);
    ApiKeys.NewKey key = ApiKeys.generate();
    db.queryLong("INSERT INTO api_keys (agency_id, name, display_prefix, key_hash) VALUES (?, ?, ?, ?) RETURNING id",
        tenant.agencyId(), "browser test", key.displayPrefix(), key.hash());
    apiKey = key.key();
    Files.createDirectories(SHOTS);
    playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(chromium.get())
        .setHeadless(true)
        .setArgs(FLAGS));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
    if (gw != null) {
      gw.close();
    }
  }

  @Test
  void aNewcomerSignsInSimulatesAMissedCallSeesItTextedBackAndRepliesByHand() {
    Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1360, 900)
        .setTimezoneId(BROWSER_ZONE)).newPage();
    try {
      walkThrough(page);
    } catch (RuntimeException | AssertionError e) {
      shot(page, "99-failure");
      throw e;
    }
  }

  private void walkThrough(Page page) {
    page.setDefaultTimeout(TIMEOUT_MS);
    page.onConsoleMessage(m -> System.out.println("[browser console] " + m.type() + ": " + m.text()));
    page.onPageError(e -> System.out.println("[browser error] " + e));
    page.onResponse(r -> {
      if (r.status() >= 400) {
        System.out.println("[browser http] " + r.status() + " " + r.url());
      }
    });

    page.navigate(gw.url("/"));
    page.locator("#api-key").waitFor();
    shot(page, "01-sign-in");
    page.locator("#api-key").fill(apiKey);
    page.locator("#signin").click();
    page.locator("#kpi-recovered").waitFor();
    page.waitForFunction("() => document.querySelectorAll('canvas').length === 0 || window.Chart !== undefined");
    shot(page, "02-overview");
    assertNoIsoTimes(page, "overview");
    assertZoneNamed(page, "overview");

    page.locator("#simulate").click();
    String caller = page.locator("#demo-caller").inputValue();
    page.locator("#demo-call").click();
    page.locator("#demo-phone .bubble.in").first().waitFor();
    assertThat(page.locator("#demo-phone .bubble.in").first().textContent()).contains("Ace Plumbing");
    page.locator("#demo-reply").fill("Do you fix water heaters?");
    page.locator("#demo-send-reply").click();
    page.locator("#demo-phone .bubble.out").first().waitFor();
    shot(page, "03-simulated-missed-call");
    page.locator("#demo-open-lead").click();

    page.locator("#calls li[data-reason=texted]").waitFor();
    page.navigate(gw.url("/#/leads"));
    Locator row = page.locator("#lead-list tr[data-id]").filter(new Locator.FilterOptions()
        .setHasText(pretty(caller)));
    row.locator("[data-reason=texted]").waitFor();
    assertThat(row.locator("[data-reason=texted]").textContent()).isEqualTo("Texted back");
    assertThat(page.locator("#lead-list thead").textContent()).contains("Urgency");
    shot(page, "04-leads");
    assertNoIsoTimes(page, "leads");
    assertZoneNamed(page, "leads");

    // the caller asked for a call back tomorrow 8-12 on the workspace's clock (as the intake page would store it)
    db.execute("UPDATE leads l SET callback_time = 'Tomorrow morning', callback_from = (((now() AT TIME ZONE "
        + "w.timezone)::date + 1) + time '08:00') AT TIME ZONE w.timezone, callback_to = (((now() AT TIME ZONE "
        + "w.timezone)::date + 1) + time '12:00') AT TIME ZONE w.timezone FROM workspaces w WHERE w.id = "
        + "l.workspace_id AND l.caller = '" + caller + "'");
    row.click();
    page.locator("#calls li[data-reason=texted]").waitFor();
    assertThat(page.locator("#calls li[data-reason=texted] .why").textContent()).startsWith("Texted back");
    assertThat(page.locator("#lead-callback").textContent()).endsWith(", 8:00 am-12:00 pm · “Tomorrow morning”");
    page.locator("#thread .bubble.out[data-kind=textback]").waitFor();
    shot(page, "05-lead");
    assertNoSidewaysScroll(page, "lead page");
    assertNoIsoTimes(page, "lead page");
    assertZoneNamed(page, "lead page");
    assertShownInTheWorkspacesZone(page, page.locator("#last-texted"));
    page.locator("#calls [data-support]").first().click();
    page.locator("#bundle-download").waitFor();
    assertThat(page.locator("#content").textContent()).contains("Support bundle for one call").contains("Texted back")
        .doesNotContain(caller).doesNotContain(pretty(caller));
    shot(page, "05b-support-call");
    assertNoIsoTimes(page, "support bundle of a call");
    assertZoneNamed(page, "support bundle of a call");
    page.goBack();
    page.locator("#calls li[data-reason=texted]").waitFor();

    page.locator("#reply").fill("Hi, this is Joe. We can be there at 3pm today.");
    page.locator("#send-reply").click();
    page.locator("#thread .bubble.out[data-kind=manual]").waitFor();
    await().atMost(Duration.ofSeconds(20)).until(() -> gw.simulator().messagesTo(caller).stream()
        .map(SentMessage::body).anyMatch(body -> body.equals("Hi, this is Joe. We can be there at 3pm today.")));
    page.locator("#handled-by").filter(new Locator.FilterOptions().setHasText("Staff have taken over")).waitFor();
    shot(page, "06-conversation-reply");

    page.navigate(gw.url("/#/conversations"));
    page.locator("table.list, .empty").first().waitFor();
    // nobody is waiting for a reply (staff answered), so it opens on the open thread, not on an empty tab
    page.locator("#conversation-tabs a.active[data-tab=open]").waitFor();
    assertThat(page.locator("[data-handled-by]").first().textContent()).isNotEqualTo("ai");
    shot(page, "07-conversations");
    assertNoIsoTimes(page, "conversations");
    assertZoneNamed(page, "conversations");
    page.locator("table.list tbody tr").first().click();
    page.locator("#conversation #thread").waitFor();
    shot(page, "07b-conversation");
    assertNoIsoTimes(page, "one conversation");
    assertZoneNamed(page, "one conversation");
    page.navigate(gw.url("/#/recovery"));
    page.locator("#channels-table").waitFor();
    assertNoIsoTimes(page, "recovery channels");

    String emergency = emergencyCallerAnsweredByTheScript(page);
    page.navigate(gw.url("/#/overview"));
    page.locator("#kpi-attention").waitFor();
    assertThat(Integer.parseInt(page.locator("#kpi-attention .value").textContent().strip()))
        .as("Need attention with an emergency the automatic replies answered").isGreaterThanOrEqualTo(1);
    assertTheLegendSitsBelowTheRingUncut(page);
    shot(page, "02b-overview-emergency");
    page.setViewportSize(760, 900);
    page.navigate(gw.url("/#/overview"));
    page.locator("#reasons-legend li").nth(1).waitFor();
    assertTheLegendSitsBelowTheRingUncut(page);
    assertNoSidewaysScroll(page, "overview in a narrow window");
    shot(page, "02c-overview-narrow");
    page.setViewportSize(1360, 900);
    page.navigate(gw.url("/#/leads"));
    Locator emergencyRow = page.locator("#lead-list tr[data-id]").filter(new Locator.FilterOptions()
        .setHasText(pretty(emergency)));
    emergencyRow.locator("[data-urgency=emergency]").waitFor();
    assertThat(emergencyRow.locator("[data-urgency=emergency]").textContent()).isEqualTo("Emergency");
    assertThat(page.locator("#lead-list [data-urgency]").allTextContents())
        .allSatisfy(words -> assertThat(words).doesNotContain("_").isNotEqualTo("emergency").isNotEqualTo("flexible"));
    shot(page, "04b-leads-emergency");
    emergencyRow.click();
    page.locator("#lead-urgency [data-urgency=emergency]").waitFor();
    assertThat(page.locator("#lead-urgency").textContent()).isEqualTo("Emergency");

    for (String section : List.of("workspace", "hours", "recovery", "numbers", "team", "webhooks", "keys", "audit")) {
      page.navigate(gw.url("/#/settings/" + section));
      page.locator(".page-head h1").waitFor();
      page.locator(".loading").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.DETACHED));
      shot(page, "08-settings-" + section);
      assertNoIsoTimes(page, "settings " + section);
      assertZoneNamed(page, "settings " + section);
    }
    assertThat(page.locator("table.list").textContent()).contains("conversation.message");

    page.navigate(gw.url("/#/settings/recovery"));
    page.locator("#f-duplicate_window_seconds-words").waitFor();
    assertThat(page.locator("#f-duplicate_window_seconds-words").textContent()).isEqualTo("1 day");
    assertThat(page.locator("#f-followup_delay_seconds-words").textContent()).isEqualTo("30 minutes");
    assertThat(page.locator("#content").textContent()).doesNotContain("(s)");
    assertThat(page.locator("#copy-after_hours-returning").getAttribute("placeholder"))
        .isEqualTo("Empty: uses the Open hours · First-time callers text");
    page.locator("#f-stale_after_seconds").fill("90");
    page.locator("#f-stale_after_seconds-unit").selectOption("60");
    assertThat(page.locator("#f-stale_after_seconds-words").textContent()).isEqualTo("1 hour 30 minutes");
    shot(page, "08b-settings-durations");

    dailySummaryOnTeamAlerts(page);

    // the intake page's questions are chosen on the dashboard and kept
    page.navigate(gw.url("/#/settings/intake"));
    page.locator("#save-intake").waitFor();
    page.locator("input[name=field][value=address]").uncheck();
    page.locator("#save-intake").click();
    page.locator("#intake-state").filter(new Locator.FilterOptions().setHasText("Customised")).waitFor();
    page.reload();
    page.locator("#save-intake").waitFor();
    assertThat(page.locator("input[name=field][value=address]").isChecked()).isFalse();
    assertThat(page.locator("input[name=field][value=need]").isChecked()).isTrue();
    shot(page, "08-settings-intake");
    assertNoIsoTimes(page, "intake settings");
    assertZoneNamed(page, "intake settings");

    page.navigate(gw.url("/#/settings/workspace"));
    page.locator("#prepare-support").click();
    page.locator("#bundle-download").waitFor();
    assertThat(page.locator("#content").textContent()).contains("Ace Plumbing").contains("Numbers and setup");
    shot(page, "09-support-workspace");
    assertNoIsoTimes(page, "support bundle of the workspace");
    assertZoneNamed(page, "support bundle of the workspace");
    page.navigate(gw.url("/#/failed-texts"));
    page.locator("#failed-list table.list, #failed-list .empty").first().waitFor();
    shot(page, "10-failed-texts");
    assertNoIsoTimes(page, "failed texts");
    assertZoneNamed(page, "failed texts");
    testCallFromTheSettings(page);
    privacyFromTheSettings(page);
  }

  /**
   * Privacy: retention days saved to the workspace, a caller erased through the confirm step with what was erased
   * listed, and the opt-out ledger downloaded as CSV without a phone number.
   */
  private void privacyFromTheSettings(Page page) {
    long ws = tenant.workspaceId();
    String caller = TestTenant.randomNumber();
    assertThat(gw.forwardedCallEnded(tenant, com.missedcall.twiliosim.TwilioPayloads.newCallSid(), caller).await()
        .statusCode()).isEqualTo(204);
    db.execute("INSERT INTO opt_outs (workspace_id, phone, source, evidence) VALUES (" + ws + ", '" + caller
        + "', 'keyword', 'STOP')");
    page.navigate(gw.url("/#/settings/privacy"));
    page.locator("#retention-form input[name=message_body_days]").fill("90");
    page.locator("#retention-form button[type=submit]").click();
    await().atMost(Duration.ofSeconds(10)).until(() -> "90/none".equals(db.queryString(
        "SELECT message_body_days || '/' || coalesce(transcript_days::text, 'none') FROM workspace_retention"
            + " WHERE workspace_id = ?", ws)));
    // what the daily purge leaves: the text-back's body blanked, shown as removed on the lead page
    long lead = db.queryLong("SELECT id FROM leads WHERE workspace_id = ? AND caller = ?", ws, caller);
    db.execute("UPDATE messages SET body = '', body_purged_at = now() WHERE lead_id = " + lead);
    page.navigate(gw.url("/#/leads/" + lead));
    page.getByText("Text removed after the retention period").first().waitFor();
    page.navigate(gw.url("/#/settings/privacy"));
    page.locator("#erase-form input[name=phone]").fill(caller);
    page.locator("#erase-form button[type=submit]").click();
    assertThat(page.locator("#erase-confirm").textContent()).contains("cannot be undone");
    assertThat(db.queryLong("SELECT count(*) FROM leads WHERE workspace_id = ? AND caller = ?", ws, caller)).isOne();
    page.locator("#erase-confirm-yes").click();
    page.locator("#erase-result li").first().waitFor();
    assertThat(page.locator("#erase-result").textContent()).contains("1 lead").contains("1 opt-out kept as a hash");
    assertThat(db.queryLong("SELECT count(*) FROM leads WHERE workspace_id = ? AND caller = ?", ws, caller)).isZero();
    shot(page, "13-privacy");
    com.microsoft.playwright.Download download = page.waitForDownload(() -> page.locator("#ledger-download").click());
    String csv;
    try {
      csv = Files.readString(download.path());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(csv).startsWith("number_hash,opted_out_at,source,opted_in_at,erased").contains(",keyword,,true")
        .doesNotContain(caller.substring(2));
    assertNoIsoTimes(page, "privacy");
    assertNoSidewaysScroll(page, "privacy");
  }

  /**
   * Test calls: a test phone is registered, "Place a test call" rings the tracked number from it through the
   * simulator's Calls API, and the verification line shows the text-back in the workspace's zone.
   */
  private void testCallFromTheSettings(Page page) {
    String testPhone = TestTenant.randomNumber();
    gw.simulator().verifyCallerId(tenant.accountSid(), testPhone)
        .routeNumber(tenant.number(), gw.url("/twilio/voice/incoming"), gw.url("/twilio/voice/status"));
    page.navigate(gw.url("/#/settings/test-calls"));
    page.locator("#add-test-caller input[name=number]").fill(testPhone);
    page.locator("#add-test-caller input[name=label]").fill("Owner's mobile");
    page.locator("#add-test-caller button[type=submit]").click();
    page.locator("#test-call-result .test-call-line").filter(new Locator.FilterOptions().setHasText("No test call yet"))
        .waitFor();
    page.locator("#place-test-call").click();
    page.locator("#test-call-result .test-call-line").filter(new Locator.FilterOptions()
        .setHasText("text-back sent in")).waitFor();
    assertThat(page.locator("#test-call-result").textContent()).containsPattern("Test call received at .* C[SD]T on ");
    assertThat(gw.simulator().messagesTo(testPhone)).hasSize(1);
    shot(page, "12-test-calls");
    assertNoIsoTimes(page, "test calls");
    assertZoneNamed(page, "test calls");
  }

  /**
   * The daily summary's settings on Team alerts: the local time, the channels, skipping empty days, and what the
   * workers recorded on the last days (sent, or skipped with the reason in words); a change reaches the workspace.
   */
  private void dailySummaryOnTeamAlerts(Page page) {
    long ws = tenant.workspaceId();
    db.execute("INSERT INTO daily_summaries (workspace_id, day, status, reason, counts, emails, texts) VALUES "
        + "(" + ws + ", '2026-03-02', 'sent', NULL, '{\"missed_calls\": 4}', 1, 2), "
        + "(" + ws + ", '2026-03-03', 'skipped', 'no_missed_calls', '{\"missed_calls\": 0}', 0, 0)");
    page.navigate(gw.url("/#/settings/team"));
    page.locator("#ds-enabled").waitFor();
    assertThat(page.locator("#ds-time").inputValue()).isEqualTo("08:00");
    assertThat(page.locator("#ds-sms").isChecked()).isTrue();
    assertThat(page.locator("#ds-skip-empty").isChecked()).isTrue();
    assertThat(page.locator("#ds-channels").textContent()).contains("Email").contains("SMS to the team numbers");
    assertThat(page.locator("#daily-summary-last").textContent()).contains("Mon, Mar 2").contains("1 email, 2 texts");
    assertThat(page.locator("#daily-summary-last-skipped").textContent()).contains("Tue, Mar 3")
        .contains("Nothing to report");
    assertThat(page.locator("#daily-summary-history li[data-status=skipped]").textContent())
        .contains("Skipped").contains("Nothing to report: no missed calls the day before");
    assertNoIsoTimes(page, "team alerts with the daily summary");
    assertZoneNamed(page, "team alerts with the daily summary");

    page.locator("#ds-enabled").check();
    page.locator("#ds-time").fill("07:30");
    page.locator("#ds-sms").uncheck();
    page.locator("#ds-save").click();
    page.locator(".toast").filter(new Locator.FilterOptions().setHasText("Daily summary saved.")).waitFor();
    await().atMost(Duration.ofSeconds(20)).until(() -> db.queryString("SELECT daily_summary_enabled || ' ' "
        + "|| to_char(daily_summary_time, 'HH24:MI') || ' ' || daily_summary_sms FROM workspaces WHERE id = ?", ws)
        .equals("true 07:30 false"));
    assertThat(page.locator("#ds-time").inputValue()).isEqualTo("07:30");
    shot(page, "11-daily-summary");
  }

  /** A second missed caller writes an emergency word; the built-in script answers them; nobody on the team has. */
  private String emergencyCallerAnsweredByTheScript(Page page) {
    page.locator("#simulate").click();
    String caller = page.locator("#demo-caller").inputValue();
    page.locator("#demo-call").click();
    page.locator("#demo-phone .bubble.in").first().waitFor();
    page.locator("#demo-reply").fill("Water everywhere, the basement is flooding, it's an emergency");
    page.locator("#demo-send-reply").click();
    // the automatic reply reached the caller: their text is no longer the lead's last message
    page.locator("#demo-phone .bubble.in").nth(1).waitFor();
    shot(page, "03b-emergency-caller");
    // and calls again: not texted twice, a second reason for the overview's ring
    page.locator("#demo-call").click();
    page.locator("#demo-status").filter(new Locator.FilterOptions().setHasText("delivered")).nth(0).waitFor();
    page.locator("#demo-open-lead").click();
    page.locator("#calls li").nth(1).waitFor();
    return caller;
  }

  /** Not one timestamp on the page is raw ISO 8601. */
  private static void assertNoIsoTimes(Page page, String what) {
    String text = (String) page.evaluate("() => document.body.innerText");
    assertThat(ISO_TIME.matcher(text).find()).as(what + " shows a raw ISO timestamp: " + text).isFalse();
  }

  /** The page says once which zone its times are in: the workspace's, not the browser's. */
  private static void assertZoneNamed(Page page, String what) {
    assertThat(page.locator("#zone-note").count()).as(what + " names its zone once").isEqualTo(1);
    assertThat(page.locator("#zone-note").textContent()).as(what).isEqualTo("Times in " + ZONE);
  }

  /** The time is the workspace's wall clock, which differs from the browser's by hours. */
  private static void assertShownInTheWorkspacesZone(Page page, Locator time) {
    String iso = time.getAttribute("data-at");
    String in = "(zone) => new Intl.DateTimeFormat('en-US', { timeZone: zone, month: 'short', day: 'numeric', "
        + "hour: 'numeric', minute: '2-digit' }).format(new Date('" + iso + "'))";
    assertThat(time.textContent()).isEqualTo(page.evaluate(in, ZONE))
        .isNotEqualTo(page.evaluate(in, BROWSER_ZONE));
  }

  /** The ring's legend is below it and every label is whole (nothing clipped or hidden by overflow). */
  private static void assertTheLegendSitsBelowTheRingUncut(Page page) {
    Locator items = page.locator("#reasons-legend li");
    items.first().waitFor();
    assertThat(page.locator("#reasons-legend").textContent()).contains("Texted back");
    double ringBottom = page.locator(".chart-box.ring").boundingBox().y + page.locator(".chart-box.ring").boundingBox().height;
    assertThat(page.locator("#reasons-legend").boundingBox().y).isGreaterThanOrEqualTo(ringBottom);
    Object clipped = page.evaluate("() => [...document.querySelectorAll('#reasons-legend li')]"
        + ".filter(li => li.scrollWidth > li.clientWidth || li.getBoundingClientRect().right"
        + " > li.closest('.card').getBoundingClientRect().right).map(li => li.textContent)");
    assertThat((List<?>) clipped).as("legend labels cut off").isEmpty();
  }

  /** The page is no wider than the window: nothing pushes it sideways. */
  private static void assertNoSidewaysScroll(Page page, String what) {
    Object overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertThat(((Number) overflow).intValue()).as(what + " scrolls sideways by").isLessThanOrEqualTo(0);
  }

  private static void shot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
  }

  private static String pretty(String e164) {
    return "(" + e164.substring(2, 5) + ") " + e164.substring(5, 8) + "-" + e164.substring(8);
  }

  /** The system Chromium: CHROMIUM_PATH when set, else the usual Debian/Ubuntu locations. */
  static Optional<Path> chromium() {
    String configured = System.getenv("CHROMIUM_PATH");
    return Stream.of(configured, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium")
        .filter(p -> p != null && !p.isBlank())
        .map(Path::of)
        .filter(Files::isExecutable)
        .findFirst();
  }
}
