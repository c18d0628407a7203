package com.missedcall.admin.webhooks.destination;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An outbound webhook URL, parsed strictly once so that what is vetted is exactly what is sent:
 * http or https, a host, no user name or password, a port from 1 to 65535.
 *
 * @param host        the host as written in the URL, lower case, without a trailing dot (IPv6 in brackets)
 * @param requestUri  path and query as they go on the request line
 */
public record WebhookTarget(boolean https, String host, int port, String requestUri) {
  /** Dot-separated parts, the last starting with a digit, and an optional port. */
  private static final java.util.regex.Pattern NUMERIC_AUTHORITY =
      java.util.regex.Pattern.compile("((?:[0-9A-Za-z]+\\.)*[0-9][0-9A-Za-z]*\\.?)(?::([0-9]{0,5}))?");

  public static WebhookTarget parse(String url) {
    if (url == null || url.isEmpty()) {
      throw invalid("The URL is empty");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid("The URL is not a valid absolute URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw invalid("The URL must start with https:// or http://");
    }
    if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
      throw new WebhookTargetRefused(WebhookTargetRefused.USERINFO,
          "The URL must not hold a user name or password; authenticate deliveries with the signing secret", null);
    }
    String host = uri.getHost();
    int port = uri.getPort();
    if (host == null && uri.getRawAuthority() != null) {
      // java.net.URI has no host for what it cannot read as a name or a dotted quad, e.g. 127.1 or 0x7f.1;
      // resolvers read those as IPv4 addresses, so they are kept for the guard to refuse, not called invalid
      java.util.regex.Matcher numeric = NUMERIC_AUTHORITY.matcher(uri.getRawAuthority());
      if (numeric.matches()) {
        host = numeric.group(1);
        port = numeric.group(2) == null || numeric.group(2).isEmpty() ? -1 : Integer.parseInt(numeric.group(2));
      }
    }
    if (host == null || host.isEmpty() || host.contains("%")) {
      throw invalid("The URL has no valid host name (use letters, digits, hyphens and dots; punycode for other scripts)");
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.isEmpty() || host.endsWith(".")) {
      throw invalid("The URL has no valid host name");
    }
    boolean https = scheme.equals("https");
    port = port == -1 ? (https ? 443 : 80) : port;
    if (port < 1 || port > 65535) {
      throw invalid("The URL's port must be from 1 to 65535");
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return new WebhookTarget(https, host, port, uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
  }

  private static WebhookTargetRefused invalid(String message) {
    return new WebhookTargetRefused(WebhookTargetRefused.INVALID, message, null);
  }

  /** The host without IPv6 brackets. */
  public String bareHost() {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
