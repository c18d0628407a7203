package com.missedcall.recovery.email;

import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Where email goes: {@code smtp://[user:password@]host[:port][?starttls=required|optional|disabled]} (STARTTLS,
 * default optional, port 587) or {@code smtps://...} (TLS from the first byte, port 465), the sender address, and
 * the dashboard base URL links in emails point at. The password is never printed.
 */
public record SmtpSettings(String host, int port, boolean ssl, StartTLSOptions startTls, String username,
                           String password, String from, String dashboardBaseUrl) {

  /** Parses an SMTP URL; throws {@link IllegalArgumentException} saying what is wrong. */
  public static SmtpSettings parse(String url, String from, String dashboardBaseUrl) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("smtp") && !scheme.equals("smtps")) {
      throw new IllegalArgumentException("the scheme must be smtp:// (STARTTLS) or smtps:// (TLS)");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new IllegalArgumentException("a host is needed");
    }
    boolean ssl = scheme.equals("smtps");
    StartTLSOptions startTls = ssl ? StartTLSOptions.DISABLED : StartTLSOptions.OPTIONAL;
    String query = uri.getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        String[] kv = pair.split("=", 2);
        if (kv[0].equals("starttls") && kv.length == 2) {
          startTls = switch (kv[1].toLowerCase(java.util.Locale.ROOT)) {
            case "required" -> StartTLSOptions.REQUIRED;
            case "optional" -> StartTLSOptions.OPTIONAL;
            case "disabled" -> StartTLSOptions.DISABLED;
            default -> throw new IllegalArgumentException("starttls must be required, optional or disabled");
          };
        } else {
          throw new IllegalArgumentException("unknown option '" + kv[0] + "' (only starttls)");
        }
      }
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] up = uri.getRawUserInfo().split(":", 2);
      user = URLDecoder.decode(up[0], StandardCharsets.UTF_8);
      password = up.length > 1 ? URLDecoder.decode(up[1], StandardCharsets.UTF_8) : null;
    }
    int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 465 : 587;
    return new SmtpSettings(uri.getHost(), port, ssl, startTls, user, password, from, dashboardBaseUrl);
  }

  /** The mail client's settings; {@code sendBudget} bounds its connect, TLS handshake and idle (no answer) times. */
  public MailConfig mailConfig(Duration sendBudget) {
    int budgetMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, sendBudget.toMillis()));
    MailConfig config = new MailConfig().setHostname(host).setPort(port).setSsl(ssl).setStarttls(startTls)
        .setKeepAlive(true).setMaxPoolSize(4)
        .setConnectTimeout(budgetMs)
        .setSslHandshakeTimeout(budgetMs).setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout(budgetMs).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setLogin(username == null ? LoginOption.DISABLED : LoginOption.REQUIRED);
    if (username != null) {
      config.setUsername(username).setPassword(password);
    }
    return config;
  }

  @Override
  public String toString() {
    return "SmtpSettings[host=" + host + ", port=" + port + ", ssl=" + ssl + ", startTls=" + startTls + ", username="
        + username + ", password=" + (password == null ? "none" : "***") + ", from=" + from + "]";
  }
}
