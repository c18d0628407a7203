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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeadsTest {
  private AdminUnderTest admin;
  private Tenants tenants;
  private Tenants.Agency agency;
  private Api api;
  private long workspace;
  private long cappedWorkspace;
  private String number;
  private String repeatCaller;
  private String cappedCaller;
  private long repeatLead;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) {
    admin = AdminUnderTest.start(db, redis);
    tenants = admin.tenants();
    agency = tenants.agency("Leads Agency");
    api = admin.as(agency.key());
    workspace = tenants.workspace(agency, "Leads Plumbing");
    number = Tenants.phone();
    tenants.number(agency, workspace, number);
    repeatCaller = Tenants.phone();
    repeatLead = tenants.missedCall(agency, workspace, repeatCaller, number).leadId();
    tenants.missedCall(agency, workspace, repeatCaller, number);
    for (int i = 0; i < 3; i++) {
      tenants.missedCall(agency, workspace, Tenants.phone(), number);
    }
    cappedWorkspace = tenants.workspace(agency, "Capped Electric");
    String cappedNumber = Tenants.phone();
    tenants.number(agency, cappedWorkspace, cappedNumber);
    tenants.execute("UPDATE workspaces SET daily_sms_cap = 0 WHERE id = " + cappedWorkspace);
    cappedCaller = Tenants.phone();
    tenants.missedCall(agency, cappedWorkspace, cappedCaller, cappedNumber);
  }

  @AfterAll
  void stop() {
    admin.close();
  }

  private static List<String> callers(Api.Answer answer) {
    return answer.data().stream().map(o -> ((JsonObject) o).getString("caller")).toList();
  }

  @Test
  void theListShowsEveryLeadWithItsLatestReasonInWords() {
    Api.Answer answer = api.get("/api/v1/leads?workspace_id=" + workspace);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.data()).hasSize(4);
    JsonObject repeat = answer.data().stream().map(JsonObject.class::cast)
        .filter(l -> repeatCaller.equals(l.getString("caller"))).findFirst().orElseThrow();
    assertThat(repeat.getInteger("call_count")).isEqualTo(2);
    assertThat(repeat.getJsonObject("last_reason").getString("code")).isEqualTo("within_duplicate_window");
    assertThat(repeat.getJsonObject("last_reason").getString("label")).isEqualTo("Caller was already texted recently");
  }

  @Test
  void leadsAreFilteredByTheReasonOfAnyOfTheirCalls() {
    Api.Answer window = api.get("/api/v1/leads?reason=within_duplicate_window");
    Api.Answer capped = api.get("/api/v1/leads?reason=daily_sms_cap_reached");

    assertThat(callers(window)).containsExactly(repeatCaller);
    assertThat(callers(capped)).containsExactly(cappedCaller);
  }

  @Test
  void anUnknownReasonIsRefusedByTheContract() {
    assertThat(api.get("/api/v1/leads?reason=bored").status()).isEqualTo(400);
  }

  @Test
  void leadsAreFilteredByStage() {
    tenants.execute("UPDATE leads SET stage = 'won' WHERE caller = '" + cappedCaller + "'");

    assertThat(callers(api.get("/api/v1/leads?stage=won"))).containsExactly(cappedCaller);
    tenants.execute("UPDATE leads SET stage = 'new' WHERE caller = '" + cappedCaller + "'");
  }

  @Test
  void aPhoneSearchMatchesDigitsWhateverThePunctuation() {
    String pretty = "(" + repeatCaller.substring(2, 5) + ") " + repeatCaller.substring(5, 8) + "-" + repeatCaller.substring(8);

    Api.Answer byPretty = api.get("/api/v1/leads?q=" + URLEncoder.encode(pretty, StandardCharsets.UTF_8));
    Api.Answer byE164 = api.get("/api/v1/leads?q=" + URLEncoder.encode(repeatCaller, StandardCharsets.UTF_8));

    assertThat(callers(byPretty)).containsExactly(repeatCaller);
    assertThat(callers(byE164)).containsExactly(repeatCaller);
  }

  @Test
  void aLeadNotTextedForAFixableReasonNeedsAttention() {
    Api.Answer attention = api.get("/api/v1/leads?attention=true");

    assertThat(callers(attention)).containsExactly(cappedCaller);
    assertThat(attention.data().getJsonObject(0).getJsonObject("attention").getString("code")).isEqualTo("not_texted");
    assertThat(callers(api.get("/api/v1/leads?attention=false"))).doesNotContain(cappedCaller).hasSize(4);
  }

  @Test
  void leadsAreFilteredByDate() {
    String tomorrow = LocalDate.now().plusDays(2).toString();
    String yesterday = LocalDate.now().minusDays(2).toString();

    assertThat(api.get("/api/v1/leads?from=" + tomorrow).data()).isEmpty();
    assertThat(api.get("/api/v1/leads?from=" + yesterday).data()).hasSize(5);
    assertThat(api.get("/api/v1/leads?to=" + yesterday).data()).isEmpty();
  }

  @Test
  void aDateThatIsNotADateIsRefused() {
    Api.Answer answer = api.get("/api/v1/leads?from=last-tuesday");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_date");
  }

  @Test
  void theListPagesByCursorInTheChosenSortWithoutRepeatsOrGaps() {
    Api.Answer first = api.get("/api/v1/leads?sort=created_at&limit=2");
    Api.Answer second = api.get("/api/v1/leads?sort=created_at&limit=2&cursor=" + first.json().getString("next_cursor"));
    Api.Answer third = api.get("/api/v1/leads?sort=created_at&limit=2&cursor=" + second.json().getString("next_cursor"));

    List<Long> ids = new java.util.ArrayList<>();
    for (Api.Answer page : List.of(first, second, third)) {
      page.data().forEach(o -> ids.add(((JsonObject) o).getLong("id")));
    }
    assertThat(ids).hasSize(5).doesNotHaveDuplicates().isSorted();
    assertThat(third.json().getString("next_cursor")).isNull();
  }

  @Test
  void aCursorFromAnotherSortIsRefused() {
    String cursor = api.get("/api/v1/leads?sort=created_at&limit=1").json().getString("next_cursor");

    Api.Answer answer = api.get("/api/v1/leads?sort=-last_call_at&cursor=" + cursor);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.code()).isEqualTo("invalid_cursor");
  }

  @Test
  void filteringByAMissingWorkspaceAnswers404() {
    assertThat(api.get("/api/v1/leads?workspace_id=987654").code()).isEqualTo("workspace_not_found");
  }

  @Test
  void aLeadShowsEveryCallWithItsDecisionAndWhyInPlainWords() {
    JsonObject lead = api.get("/api/v1/leads/" + repeatLead).json();

    JsonArray calls = lead.getJsonArray("calls");
    assertThat(calls).hasSize(2);
    JsonObject latest = calls.getJsonObject(0);
    JsonObject first = calls.getJsonObject(1);
    assertThat(latest.getString("decision")).isEqualTo("skipped");
    assertThat(latest.getJsonObject("reason").getString("code")).isEqualTo("within_duplicate_window");
    assertThat(latest.getJsonObject("reason").getString("explanation"))
        .isEqualTo("Not texted: this caller was already texted within the last 24 hours (the duplicate window), "
            + "so they are not texted twice.");
    assertThat(first.getString("decision")).isEqualTo("texted");
    assertThat(first.getJsonObject("reason").getString("explanation")).startsWith("Texted back");
  }

  @Test
  void aLeadShowsItsMessagesAndItsConversation() {
    JsonObject lead = api.get("/api/v1/leads/" + repeatLead).json();

    assertThat(lead.getJsonArray("messages").getJsonObject(0).getString("kind")).isEqualTo("textback");
    assertThat(lead.getJsonObject("conversation").getString("status")).isEqualTo("open");
    assertThat(lead.getJsonObject("conversation").getJsonArray("messages")).isNotEmpty();
  }

  @Test
  void aCappedLeadExplainsTheCap() {
    long lead = tenants.queryLong("SELECT id FROM leads WHERE caller = ?", cappedCaller);

    JsonObject call = api.get("/api/v1/leads/" + lead).json().getJsonArray("calls").getJsonObject(0);

    assertThat(call.getJsonObject("reason").getString("explanation"))
        .isEqualTo("Not texted: the workspace had already sent its daily cap of texts that day (the cap is now 0).");
  }

  @Test
  void aMissingLeadAnswers404() {
    assertThat(api.get("/api/v1/leads/987654").code()).isEqualTo("lead_not_found");
  }

  @Test
  void movingALeadToAnotherStageIsAudited() {
    Api.Answer answer = api.patch("/api/v1/leads/" + repeatLead, new JsonObject().put("stage", "qualified"));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().getString("stage")).isEqualTo("qualified");
    assertThat(tenants.queryString("SELECT changes::text FROM audit_log WHERE action = 'lead.update' AND target_id = ?",
        String.valueOf(repeatLead))).contains("qualified");
  }

  @Test
  void anUnknownStageIsRefused() {
    assertThat(api.patch("/api/v1/leads/" + repeatLead, new JsonObject().put("stage", "hot")).status()).isEqualTo(400);
  }

  @Test
  void movingAMissingLeadAnswers404() {
    assertThat(api.patch("/api/v1/leads/987654", new JsonObject().put("stage", "won")).code()).isEqualTo("lead_not_found");
  }
}
