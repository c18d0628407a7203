package com.missedcall.gateway.intake;

import static com.missedcall.gateway.support.ConversationFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.MutableClock;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The intake page in headless Chromium (the system's, driven by Playwright as the dashboard's browser test does)
 * at a phone's viewport, JavaScript off: a missed call on a holiday gets the holiday copy with the intake link, the
 * caller opens it, fills it in and submits, sees the thank-you page; the lead holds the facts and the team got one
 * summary. An expired or unknown link shows the friendly page and writes nothing. Screenshots land in
 * {@code target/screenshots/intake-*.png}. Skipped only when no Chromium binary exists.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IntakePageBrowserTest {
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final List<String> FLAGS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final String WEEK_OPEN = "{" + String.join(",", Stream.of("monday", "tuesday", "wednesday",
      "thursday", "friday", "saturday", "sunday").map(d -> "\"" + d + "\": [{\"opens\": \"08:00\", \"closes\": \"18:00\"}]")
      .toList()) + "}";

  private TestDatabase db;
  private GatewayUnderTest gw;
  private IntakeFixture f;
  private Playwright playwright;
  private Browser browser;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) throws Exception {
    Path chromium = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of).filter(Files::isExecutable)
        .findFirst().orElse(null);
    assumeTrue(chromium != null, "no Chromium binary (apt-get install -y chromium)");
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of(), MutableClock.at(LocalTime.NOON, NEW_YORK));
    f = new IntakeFixture(gw, db);
    Files.createDirectories(SHOTS);
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium)
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
    if (gw != null) {
      gw.close();
    }
  }

  /** A phone: small viewport, touch, no JavaScript (the page must not need it). */
  private Page phone() {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(390, 844)
        .setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true).setJavaScriptEnabled(false));
    Page page = context.newPage();
    page.setDefaultTimeout(20_000);
    return page;
  }

  private void shot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve("intake-" + name + ".png")).setFullPage(true));
  }

  @Test
  void aHolidayCallerGetsTheHolidayCopyWithTheLinkFillsThePageOnAPhoneAndTheLeadAndTeamHaveIt() {
    String team = TestTenant.randomNumber();
    TestTenant.Created t = f.tenant(team);
    LocalDate today = LocalDate.now(NEW_YORK);
    db.execute("INSERT INTO workspace_hours (workspace_id, weekly, closures) VALUES (" + t.workspaceId() + ", '"
        + WEEK_OPEN + "', '[{\"from\": \"" + today.minusDays(1) + "\", \"to\": \"" + today.plusDays(1)
        + "\", \"label\": \"Christmas\"}]')");
    db.execute("INSERT INTO textback_copy (workspace_id, moment, caller_kind, template) VALUES (" + t.workspaceId()
        + ", 'holiday', 'first_time', '{business}: We''re closed for the holiday. Tell us what you need and we''ll "
        + "call you {next_open}: {intake_link}')");
    db.execute("INSERT INTO intake_settings (workspace_id, brand_color) VALUES (" + t.workspaceId() + ", '#0f766e')");
    String caller = TestTenant.randomNumber();

    String link = f.missedCallLink(t, caller);

    assertThat(f.texts(caller).get(0)).startsWith("Ace Plumbing: We're closed for the holiday.").contains(link);
    Page page = phone();
    try {
      Response opened = page.navigate(link);
      assertThat(opened.status()).isEqualTo(200);
      assertThat(opened.body().length).isLessThan(30 * 1024);
      assertThat(page.locator("header").textContent()).contains("Ace Plumbing");
      assertThat(page.locator("label[for=f-need]").isVisible()).isTrue();
      shot(page, "01-form");
      page.getByLabel("What do you need help with?").fill("No hot water since this morning");
      page.getByLabel("Address where you need the service").fill("42 Oak Avenue, Springfield");
      page.locator("fieldset").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("How urgent"))
          .getByLabel("Today").check();
      page.getByLabel("Best time to call you back").fill("Tomorrow before noon");
      shot(page, "02-filled");
      page.locator("button[type=submit]").click();
      page.waitForURL(link);
      assertThat(page.locator("h1").textContent()).isEqualTo("Thank you!");
      shot(page, "03-thank-you");
    } catch (RuntimeException | AssertionError e) {
      shot(page, "99-failure");
      throw e;
    }
    assertThat(f.c.lead(t, caller, "need")).isEqualTo("No hot water since this morning");
    assertThat(f.c.lead(t, caller, "address")).isEqualTo("42 Oak Avenue, Springfield");
    assertThat(f.c.lead(t, caller, "urgency")).isEqualTo("today");
    assertThat(f.c.lead(t, caller, "callback_time")).isEqualTo("Tomorrow before noon");
    assertThat(f.c.lead(t, caller, "to_char(callback_from AT TIME ZONE (SELECT timezone FROM workspaces w WHERE w.id "
        + "= workspace_id), 'HH24:MI') || '-' || to_char(callback_to AT TIME ZONE (SELECT timezone FROM workspaces w "
        + "WHERE w.id = workspace_id), 'HH24:MI')")).isEqualTo("08:00-12:00");
    await().atMost(WAIT).until(() -> f.texts(team).size() == 1);
    assertThat(f.texts(team).get(0)).contains("No hot water since this morning");
    f.c.awaitSettled(t);
    assertThat(f.texts(team)).hasSize(1);
  }

  @Test
  void anExpiredOrUnknownLinkShowsTheFriendlyPageOnAPhoneAndWritesNothing() {
    TestTenant.Created t = f.tenant(TestTenant.randomNumber());
    String link = f.missedCallLink(t, TestTenant.randomNumber());
    db.execute("UPDATE intake_links SET expires_at = now() - interval '1 hour' WHERE workspace_id = " + t.workspaceId());
    Page page = phone();

    Response expired = page.navigate(link);
    shot(page, "04-expired");
    String expiredText = page.locator("main").textContent();
    Response unknown = page.navigate(link.substring(0, link.length() - 24) + "Z".repeat(24));
    shot(page, "05-unknown");

    assertThat(expired.status()).isEqualTo(404);
    assertThat(expiredText).contains("This link is no longer available");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(page.locator("main").textContent()).isEqualTo(expiredText);
    assertThat(f.count("SELECT open_count FROM intake_links WHERE workspace_id = ?", t.workspaceId())).isZero();
    assertThat(f.count("SELECT count(*) FROM intake_submissions WHERE workspace_id = ?", t.workspaceId())).isZero();
  }
}
