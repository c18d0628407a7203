package com.missedcall.admin.privacy;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis fast-path keys whose names hold a caller's number (recovery's CallKeys: the duplicate-window
 * reservation and the "counted this month" markers), deleted when the caller is erased. Best effort: they expire
 * by themselves (within the window, a month and a day), and Postgres, not Redis, decides; a Redis that does not
 * answer leaves the erasure committed and is logged.
 */
public final class CallerKeys {
  private static final Logger LOG = LoggerFactory.getLogger(CallerKeys.class);
  private final RedisAPI redis;
  private final String prefix;
  private final Duration timeout;

  public CallerKeys(RedisAPI redis, String prefix, Duration timeout) {
    this.redis = redis;
    this.prefix = prefix;
    this.timeout = timeout;
  }

  public Future<Void> forget(long workspaceId, String phone) {
    if (redis == null) {
      return Future.succeededFuture();
    }
    String base = prefix + "{ws:" + workspaceId + "}:";
    // the month in any workspace timezone is within a day of UTC's: last, this and next month cover it
    YearMonth now = YearMonth.now(ZoneOffset.UTC);
    List<String> keys = List.of(base + "win:" + phone, month(base, now.minusMonths(1), phone),
        month(base, now, phone), month(base, now.plusMonths(1), phone));
    return redis.del(keys).timeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("privacy: could not delete an erased caller's fast-path keys of workspace {}: {}", workspaceId,
              e.toString());
          return Future.succeededFuture();
        });
  }

  private static String month(String base, YearMonth month, String phone) {
    return base + "lm:" + (month.getYear() * 100 + month.getMonthValue()) + ":" + phone;
  }
}
