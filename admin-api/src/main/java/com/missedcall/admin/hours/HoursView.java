package com.missedcall.admin.hours;

import com.missedcall.recovery.hours.BusinessHours;
import com.missedcall.recovery.hours.Closure;
import com.missedcall.recovery.hours.HolidayCalendar;
import com.missedcall.recovery.hours.OpenState;
import com.missedcall.recovery.hours.WeeklySchedule;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A workspace's hours as the API shows them: the schedule, the closures, and where the business stands now. */
final class HoursView {
  private HoursView() {}

  static JsonObject of(long workspaceId, HoursStore.Stored stored, Instant now) {
    JsonObject json = new JsonObject().put("workspace_id", workspaceId).put("timezone", stored.zone().getId())
        .put("configured", stored.configured());
    if (!stored.configured()) {
      return json.put("weekly", WeeklySchedule.CLOSED.toJson()).put("closures", HolidayCalendar.NONE.toJson())
          .putNull("summary")
          .put("now", new JsonObject().put("state", "unknown").putNull("closure_label").putNull("hours_today")
              .putNull("next_open").putNull("next_open_text"));
    }
    BusinessHours hours = BusinessHours.fromJson(stored.zone(), stored.weekly(), stored.closures());
    OpenState state = hours.stateAt(now);
    return json.put("weekly", hours.weekly().toJson()).put("closures", hours.closures().toJson())
        .put("summary", hours.weekly().describe())
        .put("now", new JsonObject()
            .put("state", state.code())
            .put("closure_label", hours.closureAt(now).map(Closure::label).orElse(null))
            .put("hours_today", hours.hoursOn(now))
            .put("next_open", hours.nextOpening(now).map(t -> t.toOffsetDateTime().toString()).orElse(null))
            .put("next_open_text", hours.nextOpeningSpoken(now).orElse(null)));
  }
}
