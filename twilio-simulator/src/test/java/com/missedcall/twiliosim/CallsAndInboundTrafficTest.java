package com.missedcall.twiliosim;

import static com.missedcall.twiliosim.TwilioApiClient.ACCOUNT;
import static com.missedcall.twiliosim.TwilioApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CallsAndInboundTrafficTest {
  private static final String NUMBER = "+15550001111";
  private static final String CALLS = "/2010-04-01/Accounts/" + ACCOUNT + "/Calls.json";

  private TwilioSimulator simulator;
  private TwilioApiClient api;

  @BeforeEach
  void start(Vertx vertx) {
    simulator = TwilioApiClient.startSimulator(vertx, new SimulatorOptions());
    api = new TwilioApiClient(vertx, simulator);
  }

  @Test
  void theCallsListIsNewestFirstInTwilioShapeAndFilteredByTo() {
    Instant t0 = Instant.now().minusSeconds(300);
    CallRecord older = simulator.inbound().recordCall(CallRecord.inbound(ACCOUNT, "+15552220001", NUMBER, "busy", 0, t0));
    CallRecord newer = simulator.inbound().recordCall(
        CallRecord.inbound(ACCOUNT, "+15552220002", NUMBER, "completed", 7, t0.plusSeconds(60)));
    simulator.inbound().recordCall(CallRecord.inbound(ACCOUNT, "+15552220003", "+15559990000", "completed", 3, t0));

    JsonObject page = await(api.get(CALLS + "?To=%2B15550001111").send()).bodyAsJsonObject();

    JsonArray calls = page.getJsonArray("calls");
    assertThat(calls).hasSize(2);
    JsonObject first = calls.getJsonObject(0);
    assertThat(first.getString("sid")).isEqualTo(newer.sid());
    assertThat(first.getString("status")).isEqualTo("completed");
    assertThat(first.getString("direction")).isEqualTo("inbound");
    assertThat(first.getString("duration")).isEqualTo("7");
    assertThat(first.getString("start_time")).endsWith("+0000");
    assertThat(first.containsKey("parent_call_sid")).isTrue();
    assertThat(calls.getJsonObject(1).getString("sid")).isEqualTo(older.sid());
    assertThat(page.getString("next_page_uri")).isNull();
    assertThat(page.getInteger("page_size")).isEqualTo(50);
  }

  @Test
  void theCallsListPagesThroughNextPageUriAndFiltersByParentCallSid() {
    Instant t0 = Instant.now().minusSeconds(600);
    List<String> sids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sids.add(simulator.inbound().recordCall(
          CallRecord.inbound(ACCOUNT, "+1555222000" + i, NUMBER, "no-answer", 0, t0.plusSeconds(i))).sid());
    }
    CallRecord parent = simulator.inbound().recordCall(
        CallRecord.inbound(ACCOUNT, "+15552229999", NUMBER, "completed", 30, t0.plusSeconds(10)));
    CallRecord leg = simulator.inbound().recordCall(CallRecord.dialLeg(parent, "+15553330000", "completed", 25));

    List<String> seen = new ArrayList<>();
    String uri = CALLS + "?To=%2B15550001111&Status=no-answer&PageSize=2";
    while (uri != null) {
      JsonObject page = await(api.get(uri).send()).bodyAsJsonObject();
      page.getJsonArray("calls").forEach(c -> seen.add(((JsonObject) c).getString("sid")));
      uri = page.getString("next_page_uri");
    }
    JsonArray legs = await(api.get(CALLS + "?ParentCallSid=" + parent.sid()).send()).bodyAsJsonObject()
        .getJsonArray("calls");

    java.util.Collections.reverse(sids);
    assertThat(seen).containsExactlyElementsOf(sids);
    assertThat(legs).hasSize(1);
    assertThat(legs.getJsonObject(0).getString("sid")).isEqualTo(leg.sid());
    assertThat(legs.getJsonObject(0).getString("direction")).isEqualTo("outbound-dial");
  }

  @Test
  void aCallIsFetchedBySidAndAnUnknownOneIs404() {
    CallRecord call = simulator.inbound().recordCall(
        CallRecord.inbound(ACCOUNT, "+15552220001", NUMBER, "canceled", 0, Instant.now()));

    assertThat(await(api.get("/2010-04-01/Accounts/" + ACCOUNT + "/Calls/" + call.sid() + ".json").send())
        .bodyAsJsonObject().getString("status")).isEqualTo("canceled");
    assertThat(await(api.get("/2010-04-01/Accounts/" + ACCOUNT + "/Calls/CA" + "0".repeat(32) + ".json").send())
        .statusCode()).isEqualTo(404);
  }

  @Test
  void anInboundTextIsListedAsReceivedInboundButIsNotAMessageTheGatewaySent() {
    String sid = simulator.inbound().recordMessage(ACCOUNT, "+15552220001", NUMBER, "Is this the plumber?");

    JsonArray listed = await(api.get("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json?To=%2B15550001111").send())
        .bodyAsJsonObject().getJsonArray("messages");

    assertThat(listed).hasSize(1);
    assertThat(listed.getJsonObject(0).getString("sid")).isEqualTo(sid);
    assertThat(listed.getJsonObject(0).getString("direction")).isEqualTo("inbound");
    assertThat(listed.getJsonObject(0).getString("status")).isEqualTo("received");
    assertThat(simulator.messages()).isEmpty();
  }

  @Test
  void withWebhooksDroppedNothingIsDeliveredButTheTrafficIsRecorded(Vertx vertx) {
    List<String> received = new ArrayList<>();
    var server = await(vertx.createHttpServer().requestHandler(req -> {
      received.add(req.path());
      req.response().end();
    }).listen(0));
    String base = "http://127.0.0.1:" + server.actualPort();
    simulator.dropWebhooks(true);

    CallRecord call = await(simulator.inbound().forwardedCall(base, ACCOUNT, "+15552220001", NUMBER));
    await(simulator.inbound().text(base, ACCOUNT, "+15552220001", NUMBER, "hello"));
    simulator.dropWebhooks(false);
    await(simulator.inbound().text(base, ACCOUNT, "+15552220001", NUMBER, "hello again"));

    assertThat(received).containsExactly("/twilio/sms/inbound");
    assertThat(await(api.get(CALLS).send()).bodyAsJsonObject().getJsonArray("calls").getJsonObject(0)
        .getString("sid")).isEqualTo(call.sid());
  }
}
