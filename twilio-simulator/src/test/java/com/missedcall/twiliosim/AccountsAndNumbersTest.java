package com.missedcall.twiliosim;

import static com.missedcall.twiliosim.TwilioApiClient.ACCOUNT;
import static com.missedcall.twiliosim.TwilioApiClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AccountsAndNumbersTest {

  private static final String OTHER = "AC" + "fedcba9876543210".repeat(2);
  private static final String NUMBERS = "/2010-04-01/Accounts/" + ACCOUNT + "/IncomingPhoneNumbers.json?PhoneNumber=";

  private TwilioSimulator simulator;
  private TwilioApiClient api;
  private WebClient client;

  @BeforeEach
  void start(Vertx vertx) {
    simulator = TwilioApiClient.startSimulator(vertx, new SimulatorOptions()).addAccount(OTHER, "other-token");
    api = new TwilioApiClient(vertx, simulator);
    client = WebClient.create(vertx);
  }

  @Test
  void anAccountIsFetchedWithItsOwnCredentials() {
    JsonObject account = await(api.get("/2010-04-01/Accounts/" + ACCOUNT + ".json").send()).bodyAsJsonObject();

    assertThat(account.getString("sid")).isEqualTo(ACCOUNT);
    assertThat(account.getString("status")).isEqualTo("active");
  }

  @Test
  void anAccountFetchedWithAWrongTokenIsAnswered401() {
    int status = await(client.getAbs(simulator.baseUrl() + "/2010-04-01/Accounts/" + ACCOUNT + ".json")
        .basicAuthentication(ACCOUNT, "wrong-token").send()).statusCode();

    assertThat(status).isEqualTo(401);
  }

  @Test
  void aNumberPlacedOnAnotherAccountIsNotListedOnThisOne() {
    simulator.placeNumber(OTHER, "+15550009999");

    JsonObject page = await(api.get(NUMBERS + "%2B15550009999").send()).bodyAsJsonObject();

    assertThat(page.getJsonArray("incoming_phone_numbers")).isEmpty();
  }

  @Test
  void aNumberPlacedOnThisAccountIsListedWithItsAccount() {
    simulator.placeNumber(ACCOUNT, "+15550008888");

    JsonObject page = await(api.get(NUMBERS + "%2B15550008888").send()).bodyAsJsonObject();

    assertThat(page.getJsonArray("incoming_phone_numbers").getJsonObject(0).getString("account_sid")).isEqualTo(ACCOUNT);
  }
}
