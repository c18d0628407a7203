package com.missedcall.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.gateway.support.ConversationFixture;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.MutableClock;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
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
 * The text-back a missed caller receives fits the moment and the caller: the holiday copy on a holiday, the
 * after-hours copy (with urgency guidance) after hours, the returning copy for a caller who talked to the
 * business before (with the first name an earlier intake gave), every variable filled in or fallen back.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TextBackCopyTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final List<String> DAYS = List.of("monday", "tuesday", "wednesday", "thursday", "friday",
      "saturday", "sunday");
  private TestDatabase db;
  private GatewayUnderTest gw;
  private ConversationFixture c;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    this.db = db;
    gw = GatewayUnderTest.start(db, redis, Map.of(), MutableClock.at(LocalTime.NOON, NEW_YORK));
    c = new ConversationFixture(gw, db);
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  private TestTenant.Created tenant() {
    return gw.register(TestTenant.in(db).named("Ace Plumbing").duplicateWindowSeconds(0).create());
  }

  private static String week(String opens, String closes) {
    return "{" + String.join(",", DAYS.stream().map(d -> "\"" + d + "\": [{\"opens\": \"" + opens + "\", \"closes\": \""
        + closes + "\"}]").toList()) + "}";
  }

  private void hours(TestTenant.Created t, String weekly, String closures) {
    db.execute("INSERT INTO workspace_hours (workspace_id, weekly, closures) VALUES (" + t.workspaceId() + ", '"
        + weekly + "', '" + closures + "')");
  }

  private void copy(TestTenant.Created t, String moment, String caller, String template) {
    db.execute("INSERT INTO textback_copy (workspace_id, moment, caller_kind, template) VALUES (" + t.workspaceId()
        + ", '" + moment + "', '" + caller + "', '" + template.replace("'", "''") + "')");
  }

  private String textBack(TestTenant.Created t, String caller) {
    c.missedCall(t, caller);
    List<String> bodies = c.bodiesTo(caller);
    return bodies.get(bodies.size() - 1);
  }

  @Test
  void aMissedCallOnAHolidayGetsTheHolidayCopy() {
    TestTenant.Created t = tenant();
    LocalDate today = LocalDate.now(NEW_YORK);
    hours(t, week("00:00", "24:00"), "[{\"from\": \"" + today.minusDays(1) + "\", \"to\": \"" + today.plusDays(1)
        + "\", \"label\": \"Christmas Day\"}]");
    copy(t, "after_hours", "first_time", "{business}: We're closed, back {next_open}.");
    copy(t, "holiday", "first_time", "{business}: Happy holidays! Today we're {hours_today}; back {next_open}.");

    assertThat(textBack(t, TestTenant.randomNumber())).startsWith(
        "Ace Plumbing: Happy holidays! Today we're closed (Christmas Day); back " + (
            today.plusDays(2).getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT, java.util.Locale.US))
            + " at midnight.");
  }

  @Test
  void aMissedCallAfterHoursGetsTheAfterHoursCopyWithUrgencyGuidance() {
    TestTenant.Created t = tenant();
    // open one minute a day, at a minute that is not now: closed whenever the test runs
    int minute = (LocalTime.now(NEW_YORK).toSecondOfDay() / 60 + 720) % 1439;
    String opens = String.format("%02d:%02d", minute / 60, minute % 60);
    String closes = String.format("%02d:%02d", (minute + 1) / 60, (minute + 1) % 60);
    hours(t, week(opens, closes), "[]");
    copy(t, "after_hours", "first_time", "{business}: We're closed right now; we open {next_open}.");
    db.execute("UPDATE workspaces SET textback_urgency_guidance = true WHERE id = " + t.workspaceId());

    assertThat(textBack(t, TestTenant.randomNumber())).startsWith("Ace Plumbing: We're closed right now; we open ")
        .contains(". Reply URGENT if this is an emergency.");
  }

  @Test
  void aReturningCallerGetsTheReturningCopyAndTheirFirstNameOnceKnown() {
    TestTenant.Created t = tenant();
    copy(t, "open", "returning", "{business}: Welcome back {caller_first_name|friend}! We'll call you right back.");
    String caller = TestTenant.randomNumber();

    String first = textBack(t, caller);
    String second = textBack(t, caller);
    db.execute("UPDATE leads SET first_name = 'Dana' WHERE workspace_id = " + t.workspaceId() + " AND caller = '"
        + caller + "'");
    String third = textBack(t, caller);

    assertThat(first).startsWith("Ace Plumbing: Sorry we missed your call!");
    assertThat(second).startsWith("Ace Plumbing: Welcome back friend!");
    assertThat(third).startsWith("Ace Plumbing: Welcome back Dana!");
  }

  @Test
  void everyVariableRendersOrFallsBack() {
    TestTenant.Created t = tenant();
    hours(t, week("00:00", "24:00"), "[]");
    db.execute("UPDATE workspaces SET textback_template = '{business}: today {hours_today}, next {next_open}, "
        + "book {booking_link|by reply}, hi {caller_first_name}. Details: {intake_link}' WHERE id = " + t.workspaceId());
    String withoutBooking = textBack(t, TestTenant.randomNumber());
    TestTenant.Created u = tenant();
    db.execute("UPDATE workspaces SET booking_link = 'https://book.example/ace', textback_template = "
        + "'{business}: book {booking_link}' WHERE id = " + u.workspaceId());

    assertThat(withoutBooking).startsWith("Ace Plumbing: today open 24 hours, next now, book by reply, hi there. "
        + "Details: " + gw.url("/i/"));
    assertThat(textBack(u, TestTenant.randomNumber())).startsWith("Ace Plumbing: book https://book.example/ace");
    assertThat(Stream.of("{", "}")).allSatisfy(brace -> assertThat(withoutBooking).doesNotContain(brace));
  }
}
