package com.missedcall.recovery.ai;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The last word on a model's reply: one that quotes a price, offers a discount or promises an arrival
 * time is refused (unless the workspace's profile allows it) and replaced by a safe hand-off line. Errs on
 * the side of refusing: a refused good reply costs a hand-off, a sent bad one costs the business.
 */
public final class ReplyFilter {
  public enum Violation {
    PRICE("price"), DISCOUNT("discount"), ARRIVAL_TIME("arrival_time");

    private final String code;

    Violation(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private static final int FLAGS = Pattern.CASE_INSENSITIVE;
  private static final List<Pattern> PRICES = List.of(
      Pattern.compile("[$€£]\\s?\\d", FLAGS),
      Pattern.compile("\\b\\d+(\\.\\d+)?\\s?(dollars|bucks|usd)\\b", FLAGS),
      Pattern.compile("\\b(costs?|price[sd]?|pricing|fee|fees|charges?|rate|rates|quote|estimate)\\b[^.!?]{0,30}?\\d", FLAGS),
      Pattern.compile("\\b\\d+\\s?(/|per)\\s?(hour|hr)\\b", FLAGS));
  private static final List<Pattern> DISCOUNTS = List.of(
      Pattern.compile("\\b\\d+\\s?(%|percent)", FLAGS),
      Pattern.compile("\\b(discount\\w*|coupons?|promo( code)?|promotions?|special offer|waive[ds]?)\\b", FLAGS),
      Pattern.compile("\\bfree (service|estimate|inspection|quote|diagnostic|call-?out)\\b", FLAGS));
  private static final List<Pattern> ARRIVALS = List.of(
      Pattern.compile("\\b(within|in) (the next )?(\\d+|an?|one|two|three|half an?|the)\\s?(min|mins|minutes|hour|hours|hr|hrs)\\b", FLAGS),
      Pattern.compile("\\b(eta|arrival time)\\b", FLAGS),
      Pattern.compile("\\bon (our|my|the|his|her|their) way\\b", FLAGS),
      Pattern.compile("\\b(today|tonight|tomorrow|this (morning|afternoon|evening))\\s+(at|by|between|before)\\s+\\d", FLAGS),
      Pattern.compile("\\b(at|by|between|before)\\s+\\d{1,2}(:\\d{2})?\\s?(am|pm|a\\.m\\.|p\\.m\\.)", FLAGS),
      Pattern.compile("\\b(arrive|be there|be at your|be over|show up|come by|come out)\\b[^.!?]{0,25}\\b(today|tonight|tomorrow|by|at|before|soon)\\b", FLAGS));

  private ReplyFilter() {}

  public static Optional<Violation> check(String reply, boolean allowPrices, boolean allowDiscounts,
                                          boolean allowArrivalTimes) {
    if (!allowPrices && matches(PRICES, reply)) {
      return Optional.of(Violation.PRICE);
    }
    if (!allowDiscounts && matches(DISCOUNTS, reply)) {
      return Optional.of(Violation.DISCOUNT);
    }
    if (!allowArrivalTimes && matches(ARRIVALS, reply)) {
      return Optional.of(Violation.ARRIVAL_TIME);
    }
    return Optional.empty();
  }

  private static boolean matches(List<Pattern> patterns, String text) {
    for (Pattern p : patterns) {
      if (p.matcher(text).find()) {
        return true;
      }
    }
    return false;
  }
}
