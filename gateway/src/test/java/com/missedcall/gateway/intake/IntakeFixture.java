package com.missedcall.gateway.intake;

import com.missedcall.gateway.support.ConversationFixture;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Arranges a workspace whose text-back offers the intake page, and talks to the page like a phone's browser. */
final class IntakeFixture {
  static final String TEMPLATE = "{business}: Sorry we missed your call! Tell us what you need: {intake_link}";
  private static final Pattern LINK = Pattern.compile("(http://[^ ]+/i/([A-Za-z0-9_-]{24}))");
  private static final Pattern NONCE = Pattern.compile("name=\"nonce\" value=\"([A-Za-z0-9_-]+)\"");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final GatewayUnderTest gw;
  final TestDatabase db;
  final ConversationFixture c;

  IntakeFixture(GatewayUnderTest gw, TestDatabase db) {
    this.gw = gw;
    this.db = db;
    this.c = new ConversationFixture(gw, db);
  }

  TestTenant.Created tenant(String team) {
    TestTenant.Created t = gw.register(TestTenant.in(db).named("Ace Plumbing").create());
    c.profile(t, "textback_template = '" + TEMPLATE + "'");
    c.notifies(t, "team", team);
    return t;
  }

  /** The missed call's text-back and the link it carries. */
  String missedCallLink(TestTenant.Created t, String caller) {
    c.missedCall(t, caller);
    Matcher m = LINK.matcher(c.bodiesTo(caller).get(c.bodiesTo(caller).size() - 1));
    if (!m.find()) {
      throw new AssertionError("no intake link in " + c.bodiesTo(caller));
    }
    return m.group(1);
  }

  static String tokenOf(String link) {
    return link.substring(link.lastIndexOf('/') + 1);
  }

  static String nonceOf(String page) {
    Matcher m = NONCE.matcher(page);
    if (!m.find()) {
      throw new AssertionError("no nonce in the page");
    }
    return m.group(1);
  }

  static HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  static HttpResponse<String> post(String url, Map<String, String> fields) {
    String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  static Map<String, String> answers(String nonce, String need) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("nonce", nonce);
    fields.put("need", need);
    fields.put("address", "12 Elm Street, Springfield");
    fields.put("urgency", "today");
    fields.put("callback_time", "after 5pm");
    return fields;
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  long count(String sql, Object... args) {
    return db.queryLong(sql, args);
  }

  List<String> texts(String phone) {
    return c.bodiesTo(phone);
  }
}
