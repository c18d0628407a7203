package com.missedcall.recovery.email;

/** The branded frame of every email: the business's name on top, the content, a button to the dashboard page. */
final class EmailFrame {
  private EmailFrame() {}

  static String text(String business, String body, String link) {
    return business + "\n\n" + body + (link == null ? "" : "\n\nOpen in the dashboard: " + link)
        + "\n\n-- \nMissed-call recovery for " + business;
  }

  static String html(String business, String body, String link) {
    String b = EmailTemplates.escape(business);
    return "<!doctype html><html><body style=\"margin:0;background:#f5f6fa;font-family:Arial,Helvetica,sans-serif;"
        + "color:#111827\"><div style=\"max-width:560px;margin:24px auto;background:#ffffff;border-radius:8px;"
        + "border:1px solid #e5e7eb\"><div style=\"background:#4f46e5;color:#ffffff;padding:14px 20px;"
        + "border-radius:8px 8px 0 0;font-weight:bold\">" + b + "</div><div style=\"padding:20px\">" + body
        + (link == null ? "" : "<p style=\"margin:20px 0 0\"><a href=\"" + EmailTemplates.escape(link)
            + "\" style=\"background:#4f46e5;color:#ffffff;padding:10px 16px;border-radius:6px;"
            + "text-decoration:none\">Open in the dashboard</a></p>")
        + "</div><div style=\"padding:12px 20px;color:#6b7280;font-size:12px\">Missed-call recovery for " + b
        + "</div></div></body></html>";
  }
}
