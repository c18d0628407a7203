package com.missedcall.twiliosim;

import io.vertx.core.MultiMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The filters and paging of {@code GET .../Messages.json}. */
record MessageQuery(
    String accountSid,
    String to,
    String from,
    List<SentDateFilter> sentDates,
    Map<String, String> filterParams,
    int pageSize,
    int page,
    String pageToken) {

  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 1000;

  static MessageQuery from(String accountSid, MultiMap query) {
    Map<String, String> filterParams = new LinkedHashMap<>();
    List<SentDateFilter> sentDates = new ArrayList<>();
    for (String name : List.of("To", "From", "DateSent", "DateSent>", "DateSent<")) {
      String value = query.get(name);
      if (value != null && !value.isBlank()) {
        filterParams.put(name, value);
      }
    }
    addSentDate(sentDates, SentDateFilter.Bound.ON, filterParams.get("DateSent"));
    addSentDate(sentDates, SentDateFilter.Bound.ON_OR_AFTER, filterParams.get("DateSent>"));
    addSentDate(sentDates, SentDateFilter.Bound.ON_OR_BEFORE, filterParams.get("DateSent<"));
    int pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, intParam(query, "PageSize", DEFAULT_PAGE_SIZE)));
    int page = Math.max(0, intParam(query, "Page", 0));
    return new MessageQuery(accountSid, filterParams.get("To"), filterParams.get("From"),
        List.copyOf(sentDates), filterParams, pageSize, page, query.get("PageToken"));
  }

  boolean matches(MessageRecord record) {
    SentMessage m = record.message();
    if (!m.accountSid().equals(accountSid)) {
      return false;
    }
    if (to != null && !to.equals(m.to())) {
      return false;
    }
    if (from != null && !from.equals(m.from())) {
      return false;
    }
    for (SentDateFilter filter : sentDates) {
      if (!filter.test(m.acceptedAt())) {
        return false;
      }
    }
    return true;
  }

  /** A list URI with this query's filters, e.g. for {@code next_page_uri}. */
  String uri(int pageIndex, String token) {
    StringBuilder uri = new StringBuilder("/").append(MessageJson.API_VERSION)
        .append("/Accounts/").append(accountSid).append("/Messages.json?");
    filterParams.forEach((name, value) -> uri.append(encode(name)).append('=').append(encode(value)).append('&'));
    uri.append("PageSize=").append(pageSize).append("&Page=").append(pageIndex);
    if (token != null) {
      uri.append("&PageToken=").append(encode(token));
    }
    return uri.toString();
  }

  private static void addSentDate(List<SentDateFilter> filters, SentDateFilter.Bound bound, String value) {
    if (value != null) {
      filters.add(SentDateFilter.parse(bound, value));
    }
  }

  private static int intParam(MultiMap query, String name, int fallback) {
    String value = query.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new TwilioApiException(400, 20001, "Invalid " + name + ": " + value);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
