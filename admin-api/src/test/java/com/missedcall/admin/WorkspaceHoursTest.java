package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.recovery.bus.Addresses;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Business hours as data through the admin API: saved, read back with where the business stands, validated. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkspaceHoursTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Api api;
  private final List<String> invalidations = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Hours Agency");
    api = admin.as(agency.key());
    admin.vertx().eventBus().<String>consumer(Addresses.NUMBERS_CHANGED, m -> invalidations.add(m.body()));
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private static JsonArray ranges(String... pairs) {
    JsonArray array = new JsonArray();
    for (String pair : pairs) {
      String[] p = pair.split("-");
      array.add(new JsonObject().put("opens", p[0]).put("closes", p[1]));
    }
    return array;
  }

  private static JsonObject weekdays(String... pairs) {
    JsonObject week = new JsonObject();
    for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday")) {
      week.put(day, ranges(pairs));
    }
    return week;
  }

  private String hours(long ws) {
    return "/api/v1/workspaces/" + ws + "/hours";
  }

  @Test
  void aWorkspaceWithoutHoursSaysSo() {
    long ws = tenants.workspace(agency, "No Hours Yet");

    JsonObject hours = api.get(hours(ws)).json();

    assertThat(hours.getBoolean("configured")).isFalse();
    assertThat(hours.getJsonObject("now").getString("state")).isEqualTo("unknown");
  }

  @Test
  void aWeekWithSeveralRangesADayAndHolidaysIsSavedAndReadBackWithWhereTheBusinessStandsNow() {
    long ws = tenants.workspace(agency, "Split Shift Plumbing");
    LocalDate today = LocalDate.now(ZoneId.of("America/New_York"));
    JsonObject body = new JsonObject().put("weekly", weekdays("08:00-12:00", "13:00-18:00")
            .put("saturday", ranges("09:00-13:00")))
        .put("closures", new JsonArray()
            .add(new JsonObject().put("from", today.minusDays(1).toString()).put("to", today.plusDays(1).toString())
                .put("label", "Winter break")));

    Api.Answer saved = api.send("PUT", hours(ws), body.encode(), Map.of("Content-Type", "application/json"));

    assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    JsonObject read = api.get(hours(ws)).json();
    assertThat(read.getBoolean("configured")).isTrue();
    assertThat(read.getJsonObject("weekly").getJsonArray("monday")).isEqualTo(ranges("08:00-12:00", "13:00-18:00"));
    assertThat(read.getJsonObject("weekly").getJsonArray("sunday")).isEmpty();
    assertThat(read.getString("summary")).isEqualTo("Mon–Fri 8am–noon, 1pm–6pm; Sat 9am–1pm; Sun closed");
    assertThat(read.getJsonArray("closures").getJsonObject(0).getString("label")).isEqualTo("Winter break");
    JsonObject now = read.getJsonObject("now");
    assertThat(now.getString("state")).isEqualTo("holiday");
    assertThat(now.getString("closure_label")).isEqualTo("Winter break");
    assertThat(now.getString("hours_today")).isEqualTo("closed (Winter break)");
    assertThat(now.getString("next_open")).isNotNull();
    assertThat(invalidations).contains("*");
  }

  @Test
  void overlappingRangesAreRefusedWithInvalidHoursNamingTheDayAndNothingIsSaved() {
    long ws = tenants.workspace(agency, "Overlap Electric");

    Api.Answer answer = api.send("PUT", hours(ws), new JsonObject().put("weekly", new JsonObject()
        .put("tuesday", ranges("08:00-12:00", "11:00-15:00"))).encode(), Map.of("Content-Type", "application/json"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_hours");
    assertThat(answer.json().getString("message")).isEqualTo("tuesday: 08:00-12:00 overlaps 11:00-15:00");
    assertThat(api.get(hours(ws)).json().getBoolean("configured")).isFalse();
  }

  @Test
  void aRangePastMidnightIsRefusedWithHowToWriteItAndTwentyFourHundredClosesADay() {
    long ws = tenants.workspace(agency, "Night Owl Locksmith");
    Map<String, String> json = Map.of("Content-Type", "application/json");

    Api.Answer past = api.send("PUT", hours(ws), new JsonObject().put("weekly", new JsonObject()
        .put("friday", ranges("22:00-02:00"))).encode(), json);
    Api.Answer split = api.send("PUT", hours(ws), new JsonObject().put("weekly", new JsonObject()
        .put("friday", ranges("22:00-24:00")).put("saturday", ranges("00:00-02:00"))).encode(), json);

    assertThat(past.code()).isEqualTo("invalid_hours");
    assertThat(past.json().getString("message")).contains("22:00-24:00, and 00:00-02:00 the next day");
    assertThat(split.status()).as(split.toString()).isEqualTo(200);
    assertThat(split.json().getString("summary")).contains("Fri 10pm–midnight; Sat midnight–2am");
  }

  @Test
  void overlappingClosuresAreRefusedWithInvalidClosures() {
    long ws = tenants.workspace(agency, "Holiday Overlap HVAC");

    Api.Answer answer = api.send("PUT", hours(ws), new JsonObject().put("weekly", weekdays("08:00-17:00"))
        .put("closures", new JsonArray()
            .add(new JsonObject().put("from", "2026-12-24").put("to", "2026-12-26").put("label", "Christmas"))
            .add(new JsonObject().put("from", "2026-12-25").put("label", "Christmas Day"))).encode(),
        Map.of("Content-Type", "application/json"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_closures");
    assertThat(answer.json().getString("message")).contains("overlaps");
  }

  @Test
  void anUnknownDayIsRefusedByTheContract() {
    long ws = tenants.workspace(agency, "Funday Roofing");

    Api.Answer answer = api.send("PUT", hours(ws), new JsonObject().put("weekly", new JsonObject()
        .put("funday", ranges("08:00-12:00"))).encode(), Map.of("Content-Type", "application/json"));

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_request");
  }

  @Test
  void changingAndClearingTheHoursIsAudited() {
    long ws = tenants.workspace(agency, "Audited Hours Co");
    api.send("PUT", hours(ws), new JsonObject().put("weekly", weekdays("08:00-17:00")).encode(),
        Map.of("Content-Type", "application/json"));

    JsonObject cleared = api.delete(hours(ws)).json();

    assertThat(cleared.getBoolean("configured")).isFalse();
    assertThat(tenants.queryLong("SELECT count(*) FROM audit_log WHERE target_id = ? AND action IN "
        + "('workspace.hours_update', 'workspace.hours_clear')", String.valueOf(ws))).isEqualTo(2);
    assertThat(tenants.queryLong("SELECT count(*) FROM workspace_hours WHERE workspace_id = ?", ws)).isZero();
  }

  @Test
  void anotherAgencysWorkspaceHoursAre404LikeAMissingWorkspace() {
    Tenants.Agency other = tenants.agency("Other Hours Agency");
    long theirs = tenants.workspace(other, "Their Plumbing");
    admin.as(other.key()).send("PUT", hours(theirs), new JsonObject().put("weekly", weekdays("08:00-17:00")).encode(),
        Map.of("Content-Type", "application/json"));

    Api.Answer read = api.get(hours(theirs));
    Api.Answer write = api.send("PUT", hours(theirs), new JsonObject().put("weekly", new JsonObject()).encode(),
        Map.of("Content-Type", "application/json"));
    Api.Answer clear = api.delete(hours(theirs));
    Api.Answer missing = api.get(hours(987654321L));

    assertThat(read.status()).isEqualTo(404);
    assertThat(read.text()).isEqualTo(missing.text());
    assertThat(write.status()).isEqualTo(404);
    assertThat(clear.status()).isEqualTo(404);
    assertThat(tenants.queryString("SELECT weekly::text FROM workspace_hours WHERE workspace_id = ?", theirs))
        .contains("08:00");
  }
}
