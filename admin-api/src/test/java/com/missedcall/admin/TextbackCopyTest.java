package com.missedcall.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.admin.support.AdminUnderTest;
import com.missedcall.admin.support.Api;
import com.missedcall.admin.support.Tenants;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Text-back copy per moment and caller through the admin API: saved, previewed with segments, checked. */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TextbackCopyTest {
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Api api;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Copy Agency");
    api = admin.as(agency.key());
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private String copy(long ws) {
    return "/api/v1/workspaces/" + ws + "/textback-copy";
  }

  private static JsonObject slot(JsonObject copy, String moment, String caller) {
    JsonArray slots = copy.getJsonArray("slots");
    for (int i = 0; i < slots.size(); i++) {
      JsonObject s = slots.getJsonObject(i);
      if (moment.equals(s.getString("moment")) && caller.equals(s.getString("caller"))) {
        return s;
      }
    }
    throw new AssertionError("no slot " + moment + "/" + caller);
  }

  @Test
  void everySlotFallsBackToTheDefaultUntilItIsWritten() {
    long ws = tenants.workspace(agency, "Fresh Copy Plumbing");

    JsonObject copy = api.get(copy(ws)).json();

    assertThat(copy.getJsonArray("slots")).hasSize(6);
    assertThat(slot(copy, "holiday", "returning").getString("served_by")).isEqualTo("open/first_time");
    assertThat(slot(copy, "holiday", "returning").getValue("template")).isNull();
    assertThat(slot(copy, "open", "first_time").getJsonObject("preview").getString("text"))
        .startsWith("Fresh Copy Plumbing: Sorry we missed your call!");
    assertThat(copy.getJsonArray("variables")).contains("intake_link", "caller_first_name");
  }

  @Test
  void savedTemplatesServeTheirSlotsAndTheAuditLogSaysWhatChanged() {
    long ws = tenants.workspace(agency, "Night Copy Electric");

    Api.Answer saved = api.send("PUT", copy(ws), new JsonObject().put("templates", new JsonObject()
        .put("after_hours", new JsonObject().put("first_time", "{business}: We're closed, we open {next_open}."))
        .put("open", new JsonObject().put("returning", "{business}: Welcome back {caller_first_name}!")))
        .put("urgency_guidance", true).encode(), JSON);

    assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    JsonObject copy = saved.json();
    assertThat(slot(copy, "holiday", "first_time").getString("served_by")).isEqualTo("after_hours/first_time");
    assertThat(slot(copy, "holiday", "first_time").getJsonObject("preview").getString("text"))
        .contains("Reply URGENT if this is an emergency.");
    assertThat(slot(copy, "open", "returning").getJsonObject("preview").getString("text"))
        .startsWith("Night Copy Electric: Welcome back there!");
    assertThat(slot(copy, "open", "returning").getJsonObject("preview").getJsonArray("missing"))
        .containsExactly("caller_first_name");
    assertThat(copy.getBoolean("urgency_guidance")).isTrue();
    assertThat(tenants.queryString("SELECT 'urgent' = ANY (emergency_words) FROM workspaces WHERE id = ?", ws))
        .isEqualTo("t");
    assertThat(tenants.queryString("SELECT changes::text FROM audit_log WHERE action = 'workspace.textback_copy_update' "
        + "AND target_id = ?", String.valueOf(ws))).contains("after_hours/first_time").contains("urgency_guidance");
  }

  @Test
  void removingATemplateMakesItsSlotFallBackAgain() {
    long ws = tenants.workspace(agency, "Undo Copy HVAC");
    api.send("PUT", copy(ws), new JsonObject().put("templates", new JsonObject().put("holiday",
        new JsonObject().put("returning", "{business}: Happy holidays!"))).encode(), JSON);

    JsonObject copy = api.send("PUT", copy(ws), new JsonObject().put("templates", new JsonObject().put("holiday",
        new JsonObject().putNull("returning"))).encode(), JSON).json();

    assertThat(slot(copy, "holiday", "returning").getString("served_by")).isEqualTo("open/first_time");
  }

  @Test
  void anUnknownVariableIsA400NamingTheSlotAndNothingIsSaved() {
    long ws = tenants.workspace(agency, "Typo Copy Roofing");

    Api.Answer answer = api.send("PUT", copy(ws), new JsonObject().put("templates", new JsonObject()
        .put("open", new JsonObject().put("first_time", "{business}: fine"))
        .put("holiday", new JsonObject().put("first_time", "Hi {first_name}"))).encode(), JSON);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("unknown_template_variable");
    assertThat(answer.json().getString("message")).startsWith("holiday/first_time: {first_name} is not a template variable");
    assertThat(tenants.queryString("SELECT textback_template FROM workspaces WHERE id = ?", ws)).doesNotContain("fine");
  }

  @Test
  void theWorkspacesOwnTemplateIsCheckedToo() {
    long ws = tenants.workspace(agency, "Patch Copy Co");

    Api.Answer patch = api.patch("/api/v1/workspaces/" + ws, new JsonObject().put("textback_template", "Hi {nme}"));
    Api.Answer preview = api.post("/api/v1/workspaces/" + ws + "/recovery/preview",
        new JsonObject().put("textback_template", "{business} {oops"));

    assertThat(patch.status()).isEqualTo(400);
    assertThat(patch.code()).isEqualTo("unknown_template_variable");
    assertThat(preview.code()).isEqualTo("invalid_template");
  }

  @Test
  void thePreviewCountsTheSegmentsOfTheIntakeLinkAndRendersEveryVariable() {
    long ws = tenants.workspace(agency, "Preview Copy Plumbing");
    tenants.execute("UPDATE workspaces SET booking_link = 'https://book.example/p' WHERE id = " + ws);

    JsonObject p = api.post(copy(ws) + "/preview", new JsonObject().put("moment", "after_hours").put("caller", "returning")
        .put("caller_first_name", "Dana")
        .put("template", "{business}: Hi {caller_first_name}, today {hours_today|we are closed}; back {next_open}. "
            + "Details: {intake_link} or book {booking_link}")).json();

    assertThat(p.getString("text")).startsWith("Preview Copy Plumbing: Hi Dana, today we are closed; back soon. "
        + "Details: https://gateway.example.test/i/").contains("or book https://book.example/p");
    assertThat(p.getInteger("segments")).isEqualTo(2);
    assertThat(p.getJsonArray("missing")).containsExactly("hours_today", "next_open");
  }

  @Test
  void anotherAgencysCopyIs404LikeAMissingWorkspace() {
    Tenants.Agency other = tenants.agency("Other Copy Agency");
    long theirs = tenants.workspace(other, "Their Copy");

    Api.Answer read = api.get(copy(theirs));
    Api.Answer write = api.send("PUT", copy(theirs), new JsonObject().put("templates", new JsonObject().put("open",
        new JsonObject().put("first_time", "Taken over"))).encode(), JSON);
    Api.Answer preview = api.post(copy(theirs) + "/preview", new JsonObject().put("template", "x"));
    Api.Answer missing = api.get(copy(987654321L));

    assertThat(read.status()).isEqualTo(404);
    assertThat(read.text()).isEqualTo(missing.text());
    assertThat(write.status()).isEqualTo(404);
    assertThat(preview.status()).isEqualTo(404);
    assertThat(tenants.queryString("SELECT textback_template FROM workspaces WHERE id = ?", theirs))
        .doesNotContain("Taken over");
  }
}
