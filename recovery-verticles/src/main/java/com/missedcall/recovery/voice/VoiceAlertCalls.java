package com.missedcall.recovery.voice;

import com.missedcall.recovery.calls.CallerNumber;
import com.missedcall.recovery.twilio.TwilioAccounts;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Say;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rings the voice alert numbers for an emergency captured by voice, through Twilio's Calls API
 * ({@code POST /2010-04-01/Accounts/{Sid}/Calls.json} with inline {@code Twiml} that reads the summary).
 * Best effort, after the turn committed: the alert SMS queued in that transaction is the durable alert.
 */
public final class VoiceAlertCalls {
  private static final Logger LOG = LoggerFactory.getLogger(VoiceAlertCalls.class);

  private final WebClient client;
  private final String apiBase;
  private final TwilioAccounts accounts;
  private final long timeoutMs;

  public VoiceAlertCalls(WebClient client, String apiBase, TwilioAccounts accounts, Duration timeout) {
    this.client = client;
    this.apiBase = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
    this.accounts = accounts;
    this.timeoutMs = timeout.toMillis();
  }

  /** Completes with the number of calls Twilio accepted. */
  public Future<Integer> ring(String accountSid, String from, List<String> to, String words) {
    String twiml = new VoiceResponse.Builder().say(new Say.Builder(words).build()).build().toXml();
    return accounts.find(accountSid).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(0);
      }
      var account = found.get();
      List<Future<Boolean>> calls = to.stream().map(number -> client
          .postAbs(apiBase + "/2010-04-01/Accounts/" + accountSid + "/Calls.json")
          .basicAuthentication(account.accountSid(), account.authToken())
          .timeout(timeoutMs)
          .sendForm(MultiMap.caseInsensitiveMultiMap().add("To", number).add("From", from).add("Twiml", twiml))
          .map(response -> {
            boolean ok = response.statusCode() == 201;
            if (!ok) {
              LOG.atWarn().addKeyValue("to", CallerNumber.mask(number)).addKeyValue("status", response.statusCode())
                  .log("voice alert call refused by Twilio");
            }
            return ok;
          })
          .otherwise(err -> {
            LOG.atWarn().addKeyValue("to", CallerNumber.mask(number))
                .addKeyValue("error", CallerNumber.maskWithin(String.valueOf(err))).log("voice alert call failed");
            return false;
          })).toList();
      return Future.join(calls).map(all -> (int) calls.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
    });
  }
}
