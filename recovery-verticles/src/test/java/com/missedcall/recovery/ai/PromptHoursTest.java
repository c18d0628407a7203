package com.missedcall.recovery.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.conversations.ConversationContext;
import com.missedcall.recovery.conversations.IntakeStep;
import com.missedcall.recovery.conversations.WorkspaceProfile;
import com.missedcall.recovery.hours.BusinessHours;
import com.missedcall.recovery.hours.Closure;
import com.missedcall.recovery.hours.HolidayCalendar;
import com.missedcall.recovery.hours.OpeningRange;
import com.missedcall.recovery.hours.WeeklySchedule;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The AI is told the business hours from the data, and whether the business is open as it replies. */
class PromptHoursTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final Instant CHRISTMAS_MORNING = Instant.parse("2026-12-25T15:00:00Z");

  private static ConversationContext context(BusinessHours hours) {
    WorkspaceProfile ws = new WorkspaceProfile("Ace", true, true, NEW_YORK,
        new WorkspaceProfile.AiPolicy(true, true, 10, "persona", false, false, false),
        new WorkspaceProfile.BusinessFacts("", "Mon-Fri 9-5 (free text)", "", null, null, hours),
        new WorkspaceProfile.Channels(true, true, Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofHours(48),
            true, true));
    return new ConversationContext(1, 1, 1, "AC1", "+15550000000", "+15551111111",
        new ConversationContext.State(true, true, 0, false, false, false, IntakeStep.NEED, null, null, CHRISTMAS_MORNING),
        ws, new ConversationContext.LeadFacts(null, null, null, CHRISTMAS_MORNING), false, CHRISTMAS_MORNING);
  }

  private static String system(ConversationContext ctx) {
    return Prompt.build(ctx, new Prompt.Known(null, null, null), List.of()).get(0).content();
  }

  @Test
  void theHoursFromTheDataAndTheStateNowAreInThePrompt() {
    BusinessHours hours = new BusinessHours(NEW_YORK,
        WeeklySchedule.of(Map.of(DayOfWeek.FRIDAY, List.of(new OpeningRange(8 * 60, 17 * 60)))),
        HolidayCalendar.of(List.of(new Closure(LocalDate.parse("2026-12-25"), LocalDate.parse("2026-12-25"),
            "Christmas Day"))));

    assertThat(system(context(hours))).contains("- Hours: Mon–Thu closed; Fri 8am–5pm; Sat–Sun closed "
        + "(times in America/New_York). Closed Dec 25 (Christmas Day). Right now: closed for Christmas Day, open "
        + "again Jan 1 at 8am.").doesNotContain("free text");
  }

  @Test
  void withoutHoursTheFreeTextIsWhatTheAiIsTold() {
    assertThat(system(context(null))).contains("- Hours: Mon-Fri 9-5 (free text)");
  }
}
