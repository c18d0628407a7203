package com.missedcall.gateway.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.missedcall.admin.auth.ApiKeys;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.gateway.support.VoiceCallers;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The demo's voice recovery in a real Chromium: simulate a call answered by voice, read the transcript. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceDemoBrowserTest {
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final java.util.List<String> FLAGS = java.util.List.of("--no-sandbox", "--disable-gpu",
      "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
      "--disable-sync");

  private GatewayUnderTest gw;
  private TestDatabase db;
  private TestTenant.Created tenant;
  private VoiceCallers callers;
  private String apiKey;
  private Playwright playwright;
  private Browser browser;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) throws Exception {
    Optional<Path> chromium = DashboardBrowserTest.chromium();
    assumeTrue(chromium.isPresent(), "no Chromium binary (apt-get install -y chromium)");
    gw = GatewayUnderTest.start(db, redis, Map.of());
    this.db = db;
    callers = new VoiceCallers(gw, db);
    tenant = callers.voiceTenant("Echo Plumbing");
    ApiKeys.NewKey key = ApiKeys.generate();
    db.queryLong("INSERT INTO api_keys (agency_id, name, display_prefix, key_hash) VALUES (?, ?, ?, ?) RETURNING id",
        tenant.agencyId(), "voice browser test", key.displayPrefix(), key.hash());
    apiKey = key.key();
    Files.createDirectories(SHOTS);
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium.get())
        .setHeadless(true).setArgs(FLAGS));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
    if (callers != null) {
      callers.close();
    }
    if (gw != null) {
      gw.close();
    }
  }

  @Test
  void theDemoPlaysACallAnsweredByVoiceAndTheTranscriptShowsInTheDemoAndOnTheLead() {
    Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1360, 900)).newPage();
    page.setDefaultTimeout(20_000);
    try {
      page.navigate(gw.url("/"));
      page.locator("#api-key").fill(apiKey);
      page.locator("#signin").click();
      page.locator("#kpi-recovered").waitFor();

      page.locator("#simulate").click();
      page.locator("#demo-voice").check();
      page.locator("#demo-call").click();
      page.locator("#demo-transcript li[data-speaker=caller]").first().waitFor();
      assertThat(page.locator("#demo-transcript").textContent())
          .contains("Echo Plumbing").contains("automated assistant").contains("My kitchen sink is leaking");
      page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("voice-01-demo-transcript.png")));

      page.locator("#demo-open-lead:not([hidden])").waitFor();
      page.locator("#demo-open-lead").click();
      page.locator("#voice-calls [data-outcome=voice_recovered]").waitFor();
      assertThat(page.locator("#voice-calls").textContent()).contains("12 Main Street");
      page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("voice-02-lead.png")).setFullPage(true));

      page.navigate(gw.url("/#/recovery"));
      page.locator("#channels-table tr[data-channel=voice_recovery]").waitFor();
      assertThat(page.locator("#channels-table tr[data-channel=voice_recovery]").textContent()).contains("On");
      assertThat(page.locator("#how-to-decide").textContent()).contains("Text-back only is the simplest");
      page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("voice-03-recovery.png")).setFullPage(true));
    } catch (RuntimeException | AssertionError e) {
      page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("voice-99-failure.png")).setFullPage(true));
      throw e;
    }
  }

  @Test
  void anEmergencyRecoveredByVoiceShowsOnTheOverviewAndItsAnsweredAlertCallOnTheLead() {
    callers.update("UPDATE workspaces SET voice_alert_calls = true WHERE id = " + tenant.workspaceId());
    String alerts = TestTenant.randomNumber();
    callers.notificationNumber(tenant, "voice_alert", alerts);
    String caller = TestTenant.randomNumber();
    callers.call(tenant, caller, VoiceCallers.saying("There is a burst pipe, water everywhere", "7 River Lane",
        "Now")).await();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> db.queryString(
        "SELECT call_status FROM voice_alert_calls WHERE to_number = ?", alerts) != null);
    long lead = db.queryLong("SELECT id FROM leads WHERE workspace_id = ? AND caller = ?", tenant.workspaceId(), caller);
    Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1360, 900)).newPage();
    page.setDefaultTimeout(20_000);
    try {
      page.navigate(gw.url("/"));
      page.locator("#api-key").fill(apiKey);
      page.locator("#signin").click();

      page.locator("#kpi-voice").waitFor();
      assertThat(page.locator("#kpi-voice").textContent()).contains("Recovered by voice");
      assertThat(page.locator("#kpi-rate").textContent()).contains("recovered by voice (no text needed)");
      page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("voice-04-overview.png")));
      page.navigate(gw.url("/#/leads/" + lead));
      page.locator("#voice-calls .alert-calls").waitFor();
      assertThat(page.locator("#voice-calls .alert-calls").textContent())
          .contains("Emergency call to " + alerts).contains("answered");
      page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("voice-05-lead-alert-call.png"))
          .setFullPage(true));
    } catch (RuntimeException | AssertionError e) {
      page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("voice-99-failure.png")).setFullPage(true));
      throw e;
    }
  }
}
