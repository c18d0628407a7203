package com.missedcall.gateway.twilio;

import com.missedcall.gateway.http.HttpProblem;
import com.missedcall.recovery.text.PercentDecoding;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Twilio webhook's form body ({@code application/x-www-form-urlencoded}), parsed strictly: a body
 * that is not a valid form is refused with 400 before anything else looks at it. Twilio does not
 * repeat keys in the webhooks we handle; when a key repeats, the first value is kept and
 * {@code repeatedKeys} is set (the signature check will then refuse the request).
 *
 * <p>Poison input stops here, so it never reaches a statement it shares with other webhooks. The raw
 * body and every percent-decoded name and value must be well-formed UTF-8 (400 {@code malformed_form}).
 * C0 control characters other than TAB, LF and CR (PostgreSQL refuses NUL in text outright):
 * <ul>
 *   <li>in the free-text fields a person or a carrier writes ({@link #FREE_TEXT}: an SMS {@code Body}
 *       can hold any character a handset sends, speech results and caller names come from third
 *       parties), they are <em>stripped</em>, because refusing would lose a real caller's message;</li>
 *   <li>anywhere else (names, SIDs, numbers, statuses: Twilio itself writes those and never puts a
 *       control character in them) they are refused with 400 {@code control_character}.</li>
 * </ul>
 * {@link #params()} keeps every value exactly as sent, for the signature check (Twilio signs what it
 * sent); handlers read {@link #fields()} / {@link #get(String)}, the cleaned values. Refusals carry a
 * fixed message: nothing of the decoder's internals or of the input is echoed back.
 */
public record TwilioForm(Map<String, String> params, Map<String, String> fields, boolean repeatedKeys) {
  private static final String KEY = "twilioForm";
  /** Fields whose control characters are stripped instead of refused. */
  static final Set<String> FREE_TEXT = Set.of("Body", "SpeechResult", "UnstableSpeechResult", "CallerName",
      "ProfileName");

  /** Thrown for a body that is not a valid form; its message is fixed text, safe to show the caller. */
  public static final class Malformed extends IllegalArgumentException {
    private final String code;

    Malformed(String code, String message) {
      super(message, null);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** A cleaned value, as handlers should see it. */
  public String get(String name) {
    return fields.get(name);
  }

  public static TwilioForm of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /** Handler: parses the body into the routing context, or fails with 415/400. */
  public static void parse(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      ctx.fail(new HttpProblem(415, "unsupported_media_type",
          "Twilio webhooks must be application/x-www-form-urlencoded"));
      return;
    }
    TwilioForm form;
    try {
      Buffer body = ctx.body() == null ? null : ctx.body().buffer();
      form = parse(body == null ? new byte[0] : body.getBytes());
    } catch (Malformed e) {
      ctx.fail(new HttpProblem(400, e.code(), e.getMessage()));
      return;
    } catch (RuntimeException e) {
      ctx.fail(new HttpProblem(400, "malformed_form", "The form body could not be parsed"));
      return;
    }
    ctx.put(KEY, form);
    ctx.next();
  }

  /** Strict parse of a raw body: it must be UTF-8 (percent-encoded or not). */
  public static TwilioForm parse(byte[] body) {
    return parse(utf8(body));
  }

  /** Strict parse of a form body; throws {@link Malformed} (an IllegalArgumentException) on malformed input. */
  public static TwilioForm parse(String body) {
    Map<String, String> params = new HashMap<>();
    Map<String, String> fields = new HashMap<>();
    boolean repeated = false;
    for (String pair : body.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (key.isEmpty()) {
        throw new Malformed("malformed_form", "The form body has a parameter without a name");
      }
      if (PercentDecoding.hasControl(key)) {
        throw new Malformed("control_character", "A parameter name holds a control character");
      }
      String clean = value;
      if (PercentDecoding.hasControl(value)) {
        if (!FREE_TEXT.contains(key)) {
          throw new Malformed("control_character", "A parameter that is not free text holds a control character");
        }
        clean = PercentDecoding.stripControls(value);
      }
      if (params.putIfAbsent(key, value) != null) {
        repeated = true;
      } else {
        fields.put(key, clean);
      }
    }
    return new TwilioForm(Map.copyOf(params), Map.copyOf(fields), repeated);
  }

  /** Percent-decoding, strict UTF-8; any failure is a 400 with a fixed message. */
  private static String decode(String s) {
    try {
      return PercentDecoding.decode(s);
    } catch (IllegalArgumentException e) {
      throw new Malformed("malformed_form", "The form body is not a valid form: " + e.getMessage());
    }
  }

  private static String utf8(byte[] body) {
    try {
      return PercentDecoding.utf8(body);
    } catch (IllegalArgumentException e) {
      throw new Malformed("malformed_form", "The form body is not a valid form: " + e.getMessage());
    }
  }
}
