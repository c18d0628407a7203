package com.missedcall.recovery.summary;

import com.missedcall.recovery.email.EmailContent;
import com.missedcall.recovery.email.EmailOutbox;
import com.missedcall.recovery.email.EmailTemplates;
import com.missedcall.recovery.sms.OutboundSms;
import com.missedcall.recovery.sms.SmsQueue;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each workspace that asked for it a daily summary of yesterday (missed calls, texted, replied, booked,
 * needing attention, a link) once its local summary time has passed: by email to the addresses that take
 * {@code daily_summary} and by SMS to the team numbers. Any number of processes run this: the day's row in
 * {@code daily_summaries}, inserted in the same transaction that queues the summary, makes it exactly once per
 * workspace and local day. A day without a missed call is skipped with its reason (unless the workspace wants
 * empty days too), as is a workspace with nowhere to send it.
 */
public final class DailySummaryWorker extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DailySummaryWorker.class);
  static final int BATCH = 50;

  private final Pool pool;
  private final DailySummaryStore store = new DailySummaryStore();
  private final Duration interval;
  private final MeterRegistry registry;
  private long timer = -1;
  private Future<?> running = Future.succeededFuture();

  public DailySummaryWorker(Pool pool, Duration interval, MeterRegistry registry) {
    this.pool = pool;
    this.interval = interval;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(0, interval.toMillis(), id -> {
      if (running.isComplete()) {
        running = tick().onFailure(err -> LOG.atWarn().addKeyValue("error", String.valueOf(err))
            .log("daily summaries not sent this round"));
      }
    });
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return running.transform(ar -> Future.succeededFuture());
  }

  /** One round: every due workspace, one after the other. Completes with how many summaries this process sent. */
  public Future<Integer> tick() {
    return store.due(pool, BATCH).compose(due -> {
      Future<Integer> done = Future.succeededFuture(0);
      for (DailySummaryStore.Due d : due) {
        done = done.compose(n -> pool.withTransaction(conn -> summarise(conn, d)).map(sent -> n + (sent ? 1 : 0)));
      }
      return done;
    });
  }

  private Future<Boolean> summarise(SqlConnection conn, DailySummaryStore.Due d) {
    return store.claim(conn, d.workspaceId(), d.today()).compose(mine -> {
      if (!mine) {
        return Future.succeededFuture(false);
      }
      return store.counts(conn, d.workspaceId(), d.today(), d.timezone())
          .compose(numbers -> store.hours(conn, d.workspaceId(), d.today(), d.timezone())
              .map(hours -> numbers.with(hours.orElse(null))))
          .compose(counts -> {
        if (counts.missed() == 0 && d.skipEmpty()) {
          return skipped(conn, d, counts, "no_missed_calls");
        }
        LocalDate yesterday = d.today().minusDays(1);
        EmailContent email = EmailTemplates.dailySummary(d.name(), day(yesterday, counts), counts.missed(),
            closedNote(counts), counts.texted(), counts.replied(), counts.booked(), counts.attention());
        return EmailOutbox.queue(conn, d.workspaceId(), "daily_summary", null, email)
            .compose(emails -> texts(conn, d, counts, yesterday).compose(texts -> emails.isEmpty() && texts.isEmpty()
                ? skipped(conn, d, counts, "no_destinations")
                : store.settle(conn, d.workspaceId(), d.today(), "sent", null, counts, emails.size(), texts.size())
                    .map(v -> {
                      registry.counter("recovery_daily_summaries_total", "outcome", "sent").increment();
                      LOG.atInfo().addKeyValue("workspaceId", d.workspaceId()).addKeyValue("day", yesterday)
                          .addKeyValue("emails", emails.size()).addKeyValue("texts", texts.size())
                          .log("daily summary queued");
                      return true;
                    })));
      });
    });
  }

  private Future<List<Long>> texts(SqlConnection conn, DailySummaryStore.Due d, DailySummaryStore.Counts c,
                                   LocalDate yesterday) {
    if (!d.sms()) {
      return Future.succeededFuture(List.of());
    }
    return store.team(conn, d.workspaceId()).compose(team -> team.isEmpty() ? Future.succeededFuture(List.<Long>of())
        : store.fromNumber(conn, d.workspaceId()).compose(from -> {
          if (from.isEmpty()) {
            return Future.succeededFuture(List.<Long>of());
          }
          String body = d.name() + " yesterday (" + day(yesterday, c) + "): " + c.missed() + " missed calls"
              + (closedNote(c) == null ? "" : " (" + closedNote(c) + ")") + ", " + c.texted()
              + " texted back, " + c.replied() + " replied, " + c.booked() + " booked, " + c.attention()
              + " need attention.";
          List<OutboundSms> texts = new ArrayList<>();
          for (String phone : team) {
            texts.add(new OutboundSms(d.workspaceId(), null, null, from.get().accountSid(), from.get().phone(), phone,
                "team_summary", body, false));
          }
          return SmsQueue.queueAll(conn, texts);
        }));
  }

  /** The reported day, and the closure's label when the business was closed all day for one. */
  static String day(LocalDate yesterday, DailySummaryStore.Counts c) {
    return c.hours() != null && c.hours().closedFor() != null
        ? yesterday + ", closed: " + c.hours().closedFor() : yesterday.toString();
  }

  /** "3 while you were closed", when the hours are set and some calls came outside them; else null. */
  static String closedNote(DailySummaryStore.Counts c) {
    if (c.hours() == null || c.hours().missedWhileClosed() == 0 || c.hours().closedFor() != null) {
      return null;
    }
    return c.hours().missedWhileClosed() == c.missed() ? "all while you were closed"
        : c.hours().missedWhileClosed() + " while you were closed";
  }

  private Future<Boolean> skipped(SqlConnection conn, DailySummaryStore.Due d, DailySummaryStore.Counts counts,
                                  String reason) {
    registry.counter("recovery_daily_summaries_total", "outcome", "skipped").increment();
    LOG.atInfo().addKeyValue("workspaceId", d.workspaceId()).addKeyValue("reason", reason).log("daily summary skipped");
    return store.settle(conn, d.workspaceId(), d.today(), "skipped", reason, counts, 0, 0).map(false);
  }
}
