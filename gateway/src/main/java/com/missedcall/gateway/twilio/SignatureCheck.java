package com.missedcall.gateway.twilio;

import com.missedcall.gateway.http.HttpProblem;
import com.missedcall.recovery.StorageUnavailable;
import com.missedcall.recovery.twilio.TwilioAccount;
import com.missedcall.recovery.twilio.TwilioAccounts;
import com.twilio.security.RequestValidator;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;

/**
 * Checks {@code X-Twilio-Signature} on every Twilio route. The URL is rebuilt from the configured
 * public base URL and the request's path and raw query, never from forwarding headers; twilio-java's
 * validator accepts it with and without the default port. The token is the one of the account named
 * by {@code AccountSid} (the account that owns the number, checked again when the number is resolved);
 * during a rotation the previous token is accepted too. Missing signature: 400. Anything else that
 * does not verify: 403. Nothing downstream runs for a request that fails here.
 */
public final class SignatureCheck {
  /** The connection overrides we append to callback URLs; Twilio may sign the URL with them. */
  static final String OVERRIDES_FRAGMENT = "#rc=3&rp=ct,rt,5xx";

  private final TwilioAccounts accounts;
  private final String publicBase;
  private final Runnable onRejected;

  public SignatureCheck(TwilioAccounts accounts, String publicBase, Runnable onRejected) {
    this.accounts = accounts;
    this.publicBase = publicBase.endsWith("/") ? publicBase.substring(0, publicBase.length() - 1) : publicBase;
    this.onRejected = onRejected;
  }

  public void handle(RoutingContext ctx) {
    String signature = ctx.request().getHeader("X-Twilio-Signature");
    if (signature == null || signature.isBlank()) {
      onRejected.run();
      ctx.fail(new HttpProblem(400, "missing_signature", "X-Twilio-Signature header is required"));
      return;
    }
    TwilioForm form = TwilioForm.of(ctx);
    String accountSid = form.get("AccountSid");
    if (accountSid == null) {
      reject(ctx);
      return;
    }
    String url = publicBase + ctx.request().uri();
    accounts.find(accountSid).onSuccess(account -> {
      if (account.isPresent() && !form.repeatedKeys() && valid(account.get(), url, form.params(), signature)) {
        ctx.next();
      } else {
        reject(ctx);
      }
    }).onFailure(err -> ctx.fail(err instanceof com.missedcall.recovery.Overloaded ? err : new StorageUnavailable(err)));
  }

  private void reject(RoutingContext ctx) {
    onRejected.run();
    ctx.fail(new HttpProblem(403, "invalid_signature", "X-Twilio-Signature does not match this request"));
  }

  static boolean valid(TwilioAccount account, String url, Map<String, String> params, String signature) {
    return matches(account.authToken(), url, params, signature)
        || Optional.ofNullable(account.previousAuthToken())
            .map(previous -> matches(previous, url, params, signature)).orElse(false);
  }

  private static boolean matches(String token, String url, Map<String, String> params, String signature) {
    RequestValidator validator = new RequestValidator(token);
    return validator.validate(url, params, signature)
        || validator.validate(url + OVERRIDES_FRAGMENT, params, signature);
  }
}
