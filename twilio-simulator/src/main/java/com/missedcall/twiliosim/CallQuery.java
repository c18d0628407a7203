package com.missedcall.twiliosim;

import io.vertx.core.MultiMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The filters and paging of {@code GET .../Calls.json}: To, From, ParentCallSid, Status, StartTime(<,>). */
record CallQuery(String accountSid, Map<String, String> filterParams, List<SentDateFilter> startTimes,
                 int pageSize, int page, String pageToken) {

  private static final List<String> FILTERS =
      List.of("To", "From", "ParentCallSid", "Status", "StartTime", "StartTime>", "StartTime<");

  static CallQuery from(String accountSid, MultiMap query) {
    Map<String, String> filters = new LinkedHashMap<>();
    for (String name : FILTERS) {
      String value = query.get(name);
      if (value != null && !value.isBlank()) {
        filters.put(name, value);
      }
    }
    List<SentDateFilter> startTimes = new ArrayList<>();
    if (filters.containsKey("StartTime")) {
      startTimes.add(SentDateFilter.parse(SentDateFilter.Bound.ON, filters.get("StartTime")));
    }
    if (filters.containsKey("StartTime>")) {
      startTimes.add(SentDateFilter.parse(SentDateFilter.Bound.ON_OR_AFTER, filters.get("StartTime>")));
    }
    if (filters.containsKey("StartTime<")) {
      startTimes.add(SentDateFilter.parse(SentDateFilter.Bound.ON_OR_BEFORE, filters.get("StartTime<")));
    }
    int pageSize = Math.min(MessageQuery.MAX_PAGE_SIZE, Math.max(1, intParam(query, "PageSize",
        MessageQuery.DEFAULT_PAGE_SIZE)));
    return new CallQuery(accountSid, filters, List.copyOf(startTimes), pageSize, Math.max(0, intParam(query, "Page", 0)),
        query.get("PageToken"));
  }

  boolean matches(CallRecord c) {
    if (!c.accountSid().equals(accountSid)
        || !matches("To", c.to()) || !matches("From", c.from())
        || !matches("ParentCallSid", c.parentCallSid()) || !matches("Status", c.status())) {
      return false;
    }
    return startTimes.stream().allMatch(f -> f.test(c.startTime()));
  }

  private boolean matches(String filter, String value) {
    String wanted = filterParams.get(filter);
    return wanted == null || wanted.equals(value);
  }

  String uri(int pageIndex, String token) {
    StringBuilder uri = new StringBuilder("/").append(MessageJson.API_VERSION)
        .append("/Accounts/").append(accountSid).append("/Calls.json?");
    filterParams.forEach((name, value) -> uri.append(encode(name)).append('=').append(encode(value)).append('&'));
    uri.append("PageSize=").append(pageSize).append("&Page=").append(pageIndex);
    if (token != null) {
      uri.append("&PageToken=").append(encode(token));
    }
    return uri.toString();
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
