package com.missedcall.recovery.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.missedcall.recovery.twilio.TwilioAccount;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TwilioMessagesClientWireTest {
  private static final TwilioAccount ACCOUNT = new TwilioAccount("AC0123", "token", null);
  /** Spaces, reserved characters, the ones RFC 3986 and RFC 1738 treat differently, non-ASCII. */
  private static final String BODY = "Sorry we missed you! Reply *here* ~ or 50% off: a+b=c&d \"q\" \n€ \uD83D\uDE00 ж";

  private Vertx vertx;
  private HttpServer server;
  private WebClient web;
  private final List<String> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      received.add(req.method() + " " + req.path() + " | " + req.getHeader("content-type")
          + " | " + req.getHeader("content-length") + " | " + req.getHeader("authorization") + " | " + body);
      req.response().setStatusCode(201).putHeader("content-type", "application/json")
          .end("{\"sid\":\"SM1\",\"status\":\"queued\"}");
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    web = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aSendPutsOnTheWireTheSameRequestWebClientsSendFormDid() throws Exception {
    String base = "http://127.0.0.1:" + server.actualPort();
    String url = base + "/2010-04-01/Accounts/AC0123/Messages.json";
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("To", "+15550001111").add("From", "+15550002222")
        .add("Body", BODY).add("StatusCallback", base + "/twilio/status?x=1&y=a b#rc=3&rp=ct,rt,5xx");
    web.postAbs(url).basicAuthentication(ACCOUNT.accountSid(), ACCOUNT.authToken()).sendForm(form)
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    SendResult result = new TwilioMessagesClient(web, base, Duration.ofSeconds(10))
        .send(ACCOUNT, "+15550002222", "+15550001111", BODY, base + "/twilio/status?x=1&y=a b#rc=3&rp=ct,rt,5xx")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(result).isInstanceOf(SendResult.Accepted.class);
    assertThat(received).hasSize(2);
    assertThat(received.get(1)).isEqualTo(received.get(0));
  }

  @Test
  void aSendWithoutStatusCallbackLeavesTheParameterOut() {
    assertThat(TwilioMessagesClient.formBody("+1 2", "+3", "hi there", null).toString())
        .isEqualTo("To=%2B3&From=%2B1+2&Body=hi+there");
  }
}
