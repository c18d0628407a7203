package com.missedcall.loadtests;

import com.missedcall.twiliosim.FormEncoding;
import com.twilio.security.RequestValidator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the ceiling servers do to every webhook before anything else, as the gateway does: decode the
 * form body and check {@code X-Twilio-Signature} with twilio-java's validator against the public URL.
 */
final class SignedForm {
  private final String publicBase;
  private final RequestValidator validator;

  SignedForm(String authToken, String publicBase) {
    this.publicBase = publicBase;
    this.validator = new RequestValidator(authToken);
  }

  /** The form's parameters (first value of each), or null when the signature is missing or wrong. */
  Map<String, String> verified(HttpServerRequest req, Buffer body) {
    Map<String, List<String>> form = FormEncoding.decode(body.toString());
    Map<String, String> single = new HashMap<>();
    form.forEach((k, v) -> single.put(k, v.get(0)));
    String signature = req.getHeader("X-Twilio-Signature");
    return signature != null && validator.validate(publicBase + req.uri(), single, signature) ? single : null;
  }
}
