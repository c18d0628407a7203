package com.missedcall.twiliosim;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP Basic auth as Twilio's REST API does it: the user is the AccountSid of the path, the
 * password its auth token. Anything else is answered 401 with code 20003.
 */
final class BasicAuthHandler implements Handler<RoutingContext> {

  private static final String PREFIX = "Basic ";

  private final AccountRegistry accounts;

  BasicAuthHandler(AccountRegistry accounts) {
    this.accounts = accounts;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      ctx.fail(new TwilioApiException(401, 20003, "Authentication Error - No credentials provided"));
      return;
    }
    String[] credentials = decode(header.substring(PREFIX.length()).trim());
    String pathAccount = ctx.pathParam("AccountSid");
    if (credentials == null
        || !credentials[0].equals(pathAccount)
        || !accounts.verify(credentials[0], credentials[1])) {
      ctx.fail(new TwilioApiException(401, 20003, "Authentication Error - invalid username"));
      return;
    }
    ctx.next();
  }

  private static String[] decode(String encoded) {
    try {
      String pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon < 0 ? null : new String[] {pair.substring(0, colon), pair.substring(colon + 1)};
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }
}
