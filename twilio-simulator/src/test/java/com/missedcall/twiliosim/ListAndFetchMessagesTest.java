package com.missedcall.twiliosim;

import static com.missedcall.twiliosim.CreateMessageTest.assertTwilioError;
import static com.missedcall.twiliosim.TwilioApiClient.ACCOUNT;
import static com.missedcall.twiliosim.TwilioApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ListAndFetchMessagesTest {

  private static final String ALICE = "+15550001111";
  private static final String BOB = "+15550002222";
  private static final String LIST = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";

  private TwilioSimulator simulator;
  private TwilioApiClient api;

  @BeforeEach
  void start(Vertx vertx) {
    simulator = TwilioApiClient.startSimulator(vertx, new SimulatorOptions());
    api = new TwilioApiClient(vertx, simulator);
  }

  @Test
  void aMessageCanBeFetchedBySid() {
    String sid = api.sendOk(ALICE, "hello").getString("sid");

    JsonObject fetched = await(api.get("/2010-04-01/Accounts/" + ACCOUNT + "/Messages/" + sid + ".json").send())
        .bodyAsJsonObject();

    assertThat(fetched.getString("sid")).isEqualTo(sid);
    assertThat(fetched.getString("body")).isEqualTo("hello");
  }

  @Test
  void anUnknownSidIsAnsweredWith404Code20404() {
    assertTwilioError(
        await(api.get("/2010-04-01/Accounts/" + ACCOUNT + "/Messages/SM" + "0".repeat(32) + ".json").send()),
        404, 20404);
  }

  @Test
  void theListIsNewestFirstWithTwilioPageFields() {
    String first = api.sendOk(ALICE, "one").getString("sid");
    String second = api.sendOk(BOB, "two").getString("sid");

    JsonObject page = await(api.get(LIST).send()).bodyAsJsonObject();

    assertThat(sids(page)).containsExactly(second, first);
    assertThat(page.getInteger("page")).isZero();
    assertThat(page.getInteger("page_size")).isEqualTo(50);
    assertThat(page.getInteger("start")).isZero();
    assertThat(page.getInteger("end")).isEqualTo(1);
    assertThat(page.getString("uri")).isEqualTo(LIST + "?PageSize=50&Page=0");
    assertThat(page.getString("first_page_uri")).isEqualTo(LIST + "?PageSize=50&Page=0");
    assertThat(page.getValue("next_page_uri")).isNull();
    assertThat(page.getValue("previous_page_uri")).isNull();
  }

  @Test
  void theToFilterKeepsOnlyThatRecipient() {
    api.sendOk(ALICE, "one");
    api.sendOk(BOB, "two");

    JsonObject page = await(api.get(LIST).addQueryParam("To", ALICE).send()).bodyAsJsonObject();

    assertThat(page.getJsonArray("messages")).hasSize(1);
    assertThat(page.getJsonArray("messages").getJsonObject(0).getString("to")).isEqualTo(ALICE);
    assertThat(page.getString("uri")).isEqualTo(LIST + "?To=%2B15550001111&PageSize=50&Page=0");
  }

  @Test
  void dateSentFiltersCompareGmtDaysInclusively() {
    api.sendOk(ALICE, "one");
    LocalDate day = simulator.messages().get(0).acceptedAt().atZone(ZoneOffset.UTC).toLocalDate();

    assertThat(listCount("DateSent", day.toString())).isEqualTo(1);
    assertThat(listCount("DateSent>", day.toString())).isEqualTo(1);
    assertThat(listCount("DateSent<", day.toString())).isEqualTo(1);
    assertThat(listCount("DateSent>", day.plusDays(1).toString())).isZero();
    assertThat(listCount("DateSent<", day.minusDays(1).toString())).isZero();
    assertThat(listCount("DateSent", day.minusDays(1).toString())).isZero();
  }

  @Test
  void anInvalidDateSentIsRejectedWithCode20001() {
    assertTwilioError(await(api.get(LIST).addQueryParam("DateSent", "yesterday").send()), 400, 20001);
  }

  @Test
  void pagesFollowNextPageUrisUntilTheLastPage() {
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(0, api.sendOk(ALICE, "to alice " + i).getString("sid"));
    }
    api.sendOk(BOB, "to bob");

    JsonObject page0 = await(api.get(LIST).addQueryParam("To", ALICE).addQueryParam("PageSize", "2").send())
        .bodyAsJsonObject();
    JsonObject page1 = await(api.get(page0.getString("next_page_uri")).send()).bodyAsJsonObject();
    JsonObject page2 = await(api.get(page1.getString("next_page_uri")).send()).bodyAsJsonObject();

    assertThat(sids(page0)).containsExactlyElementsOf(sent.subList(0, 2));
    assertThat(sids(page1)).containsExactlyElementsOf(sent.subList(2, 4));
    assertThat(sids(page2)).containsExactlyElementsOf(sent.subList(4, 5));
    assertThat(page1.getInteger("page")).isEqualTo(1);
    assertThat(page1.getInteger("start")).isEqualTo(2);
    assertThat(page1.getInteger("end")).isEqualTo(3);
    assertThat(page1.getString("next_page_uri")).contains("To=%2B15550001111").contains("PageToken=PA");
    assertThat(page2.getValue("next_page_uri")).isNull();
    assertThat(page0.getValue("previous_page_uri")).isNull();

    JsonObject back = await(api.get(page2.getString("previous_page_uri")).send()).bodyAsJsonObject();
    assertThat(sids(back)).containsExactlyElementsOf(sids(page1));
  }

  @Test
  void pageTokensStayStableWhenNewMessagesArrive() {
    for (int i = 0; i < 4; i++) {
      api.sendOk(ALICE, "old " + i);
    }
    JsonObject page0 = await(api.get(LIST).addQueryParam("PageSize", "2").send()).bodyAsJsonObject();
    api.sendOk(ALICE, "new");

    JsonObject page1 = await(api.get(page0.getString("next_page_uri")).send()).bodyAsJsonObject();

    assertThat(page1.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("body")))
        .containsExactly("old 1", "old 0");
  }

  @Test
  void anotherAccountsMessagesAreNotListed() {
    api.sendOk(ALICE, "mine");
    String other = "AC" + "f".repeat(32);
    simulator.addAccount(other, "other-token");

    JsonObject page = await(api.raw(io.vertx.core.http.HttpMethod.GET, "/2010-04-01/Accounts/" + other + "/Messages.json")
        .basicAuthentication(other, "other-token").send()).bodyAsJsonObject();

    assertThat(page.getJsonArray("messages")).isEmpty();
  }

  private int listCount(String filter, String value) {
    return await(api.get(LIST).addQueryParam(filter, value).send()).bodyAsJsonObject().getJsonArray("messages").size();
  }

  private static List<String> sids(JsonObject page) {
    JsonArray messages = page.getJsonArray("messages");
    List<String> sids = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      sids.add(messages.getJsonObject(i).getString("sid"));
    }
    return sids;
  }
}
