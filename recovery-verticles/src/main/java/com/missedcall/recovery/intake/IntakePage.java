package com.missedcall.recovery.intake;

import java.util.Map;

/**
 * The intake page's HTML, rendered on the server: one small self-contained document (inline CSS, no script, no
 * third-party asset) under the business's name and colour, readable on a small phone, labelled for screen
 * readers, usable by keyboard. Every value that comes from a business or a caller is escaped.
 */
public final class IntakePage {
  private IntakePage() {}

  /** Text as HTML text or attribute value: the five characters that could end either are escaped. */
  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** White or near-black text, whichever reads better on the brand colour (WCAG relative luminance). */
  static String textOn(String hex) {
    int rgb = Integer.parseInt(hex.substring(1), 16);
    double l = 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
    double onWhite = 1.05 / (l + 0.05);
    double onDark = (l + 0.05) / (0.0122 + 0.05); // #111827
    return onWhite >= onDark ? "#ffffff" : "#111827";
  }

  private static double channel(int value) {
    double c = (value & 0xff) / 255.0;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }

  private static String page(String business, String color, String title, String body) {
    String brand = color == null ? "#1d4ed8" : color;
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width,initial-scale=1">
        <meta name="robots" content="noindex">
        <title>%s</title>
        <style>
        *{box-sizing:border-box}body{margin:0;font:17px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;background:#f3f4f6}
        header{background:%s;color:%s;padding:16px 20px}header p{margin:0;font-weight:700;font-size:20px}
        main{max-width:34rem;margin:0 auto;padding:20px}h1{font-size:22px;margin:0 0 12px}
        label,legend{display:block;font-weight:600;margin:16px 0 6px}fieldset{border:0;padding:0;margin:0}
        input[type=text],textarea{width:100%%;font:inherit;padding:12px;border:2px solid #6b7280;border-radius:8px;background:#fff;color:#111827}
        textarea{min-height:7em}.opt{display:flex;gap:10px;align-items:center;margin:8px 0;font-weight:400}
        .opt input{width:22px;height:22px}input:focus,textarea:focus,button:focus{outline:3px solid #f59e0b;outline-offset:2px}
        button{margin-top:22px;width:100%%;font:inherit;font-weight:700;padding:14px;border:0;border-radius:8px;background:%s;color:%s}
        .err{color:#991b1b;font-weight:600;margin:4px 0 0}.note{color:#374151}
        </style></head><body><header><p>%s</p></header><main>%s</main></body></html>
        """.formatted(escape(title), brand, textOn(brand), brand, textOn(brand), escape(business), body);
  }

  /** The form, with what the caller typed and what is wrong with it when a submission came back. */
  public static String form(IntakeLink link, String nonce, Map<IntakeField, String> values,
                            Map<String, String> problems) {
    return form(link, nonce, values, Map.of(), problems);
  }

  /** As above, with the callback day and part of the day the caller chose ({@code callback_day}, {@code callback_part}). */
  public static String form(IntakeLink link, String nonce, Map<IntakeField, String> values, Map<String, String> chosen,
                            Map<String, String> problems) {
    StringBuilder body = new StringBuilder()
        .append("<h1>Tell us what you need</h1><p class=\"note\">Sorry we missed your call. Answer a few questions ")
        .append("and we'll get back to you.</p>");
    if (!problems.isEmpty()) {
      body.append("<p class=\"err\" role=\"alert\">Please check the answers marked below.</p>");
    }
    body.append("<form method=\"post\" novalidate><input type=\"hidden\" name=\"nonce\" value=\"")
        .append(escape(nonce)).append("\">");
    for (IntakeField field : link.fields()) {
      String value = values.getOrDefault(field, "");
      String problem = problems.get(field.code());
      String id = "f-" + field.code();
      String described = problem == null ? "" : " aria-invalid=\"true\" aria-describedby=\"" + id + "-err\"";
      String error = problem == null ? "" : "<p class=\"err\" id=\"" + id + "-err\">" + escape(problem) + "</p>";
      switch (field) {
        case URGENCY -> {
          body.append("<fieldset").append(described).append("><legend>").append(escape(field.label())).append("</legend>");
          for (String u : IntakeField.URGENCIES) {
            body.append("<label class=\"opt\"><input type=\"radio\" name=\"urgency\" value=\"").append(u).append('"')
                .append(u.equals(value) ? " checked" : "").append("> ").append(escape(IntakeField.urgencyLabel(u)))
                .append("</label>");
          }
          body.append(error).append("</fieldset>");
        }
        case CALLBACK_TIME -> {
          choices(body, IntakeForm.CALLBACK_DAY, "Which day should we call you back?", CALLBACK_DAYS,
              chosen.get(IntakeForm.CALLBACK_DAY), problems.get(IntakeForm.CALLBACK_DAY));
          choices(body, IntakeForm.CALLBACK_PART, "What time of day suits you?", CALLBACK_PARTS,
              chosen.get(IntakeForm.CALLBACK_PART), problems.get(IntakeForm.CALLBACK_PART));
          body.append("<label for=\"").append(id).append("\">").append(escape(field.label()))
              .append(", in your words (optional)</label><input type=\"text\" id=\"").append(id)
              .append("\" name=\"callback_time\" maxlength=\"").append(field.maxLength())
              .append("\" placeholder=\"e.g. after 5 pm, or 2-4 pm\" value=\"").append(escape(value)).append('"')
              .append(described).append('>').append(error);
        }
        case NEED -> body.append("<label for=\"").append(id).append("\">").append(escape(field.label()))
            .append("</label><textarea id=\"").append(id).append("\" name=\"need\" required maxlength=\"")
            .append(field.maxLength()).append('"').append(described).append('>').append(escape(value))
            .append("</textarea>").append(error);
        default -> body.append("<label for=\"").append(id).append("\">").append(escape(field.label()))
            .append("</label><input type=\"text\" id=\"").append(id).append("\" name=\"").append(field.code())
            .append("\" maxlength=\"").append(field.maxLength()).append("\" value=\"").append(escape(value))
            .append('"').append(described).append(field == IntakeField.ADDRESS ? " autocomplete=\"street-address\""
                : field == IntakeField.FIRST_NAME ? " autocomplete=\"given-name\"" : "")
            .append('>').append(error);
      }
    }
    body.append("<button type=\"submit\">Send to ").append(escape(link.businessName())).append("</button></form>");
    return page(link.businessName(), link.brandColor(), link.businessName() + ": tell us what you need",
        body.toString());
  }

  private static final Map<String, String> CALLBACK_DAYS = linked("today", "Today", "tomorrow", "Tomorrow");
  private static final Map<String, String> CALLBACK_PARTS = linked("morning", "Morning (8 am - 12 pm)",
      "afternoon", "Afternoon (12 - 5 pm)", "evening", "Evening (5 - 8 pm)", "anytime", "Any time (8 am - 8 pm)");

  private static Map<String, String> linked(String... pairs) {
    Map<String, String> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  /** A group of radio buttons, none chosen unless the caller chose one. */
  private static void choices(StringBuilder body, String name, String legend, Map<String, String> options,
                              String chosen, String problem) {
    String id = "f-" + name;
    body.append("<fieldset").append(problem == null ? "" : " aria-invalid=\"true\" aria-describedby=\"" + id
        + "-err\"").append("><legend>").append(escape(legend)).append("</legend>");
    options.forEach((value, label) -> body.append("<label class=\"opt\"><input type=\"radio\" name=\"")
        .append(name).append("\" value=\"").append(value).append('"').append(value.equals(chosen) ? " checked" : "")
        .append("> ").append(escape(label)).append("</label>"));
    if (problem != null) {
      body.append("<p class=\"err\" id=\"").append(id).append("-err\">").append(escape(problem)).append("</p>");
    }
    body.append("</fieldset>");
  }

  public static String thanks(IntakeLink link) {
    return page(link.businessName(), link.brandColor(), "Thank you", "<h1>Thank you!</h1><p>"
        + escape(link.businessName()) + " has your details and will get back to you shortly. You can close this "
        + "page, or reply to our text any time.</p>");
  }

  public static String alreadySent(IntakeLink link) {
    return page(link.businessName(), link.brandColor(), "Already sent", "<h1>We already have your details</h1><p>"
        + escape(link.businessName()) + " will get back to you shortly. To add anything, just reply to our text.</p>");
  }

  /** Expired, unknown or someone else's link: the same friendly page, saying nothing about whose it was. */
  public static String unavailable() {
    return page("Missed call follow-up", null, "Link not available", "<h1>This link is no longer available</h1>"
        + "<p>It may have expired. Reply to the text we sent you, or call the business again, and we'll help "
        + "you from there.</p>");
  }

  public static String slowDown() {
    return page("Missed call follow-up", null, "Please wait", "<h1>Please wait a moment</h1><p>Too many attempts "
        + "were made with this link. Try again in a few minutes, or reply to our text.</p>");
  }
}
