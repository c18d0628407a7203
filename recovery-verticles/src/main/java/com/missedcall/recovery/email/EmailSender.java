package com.missedcall.recovery.email;

import com.missedcall.recovery.jobs.ClaimedJob;
import com.missedcall.recovery.jobs.JobQueue;
import com.missedcall.recovery.jobs.JobWorker;
import com.missedcall.recovery.metrics.RecoveryMetrics;
import com.missedcall.recovery.sms.Backoff;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends queued notification emails through SMTP (vertx-mail-client, non-blocking), multipart plain text and
 * HTML in the branded frame. Each attempt is recorded on the email: sent with the server's message id, or its
 * error; a temporary failure is retried with back-off by the job, a permanent refusal (an SMTP 5xx such as an
 * unknown mailbox) or the last attempt marks it failed. Settles are fenced by the job's claim. A send whose lease
 * ran out before the settle may be sent twice (SMTP has no idempotency key): at least once, never silently lost, and
 * both copies carry the same Message-ID ({@link #messageId}), so mail clients show it once. Each send has a budget
 * within its lease ({@link #sendBudget}): an SMTP server that stops answering fails the attempt (retried with
 * back-off, recorded on the email) before the lease runs out, instead of holding the send while a sweeper takes
 * the email over and sends it a second time.
 * It also writes the emails of new leads ({@link NewLeadEmails}): one worker, one sweep for both kinds.
 */
public final class EmailSender extends JobWorker {
  private static final Logger LOG = LoggerFactory.getLogger(EmailSender.class);
  private static final Pattern PERMANENT = Pattern.compile("(^|\\D)5\\d\\d[ -]");
  static final String LOAD = """
      SELECT e.id, e.to_address, e.subject, e.text_body, e.html_body, e.link_path, e.status, w.name AS business,
             (extract(epoch FROM e.created_at) * 1000)::bigint AS created_ms
        FROM email_messages e JOIN workspaces w ON w.id = e.workspace_id
       WHERE e.id = $1""";
  static final String SENT = """
      UPDATE email_messages SET status = 'sent', attempts = attempts + 1, message_id = $2, sent_at = now(),
             last_error = NULL, updated_at = now()
       WHERE id = $1""";
  static final String ATTEMPT_FAILED = """
      UPDATE email_messages SET status = $3, attempts = attempts + 1, last_error = $2, updated_at = now()
       WHERE id = $1""";

  private final Pool pool;
  private final MailClient mail;
  private final SmtpSettings smtp;
  private final int maxAttempts;
  private final Duration sendBudget;
  private final Counter sent;
  private final Counter retried;
  private final Counter failed;

  public EmailSender(JobQueue queue, MailClient mail, SmtpSettings smtp, Duration lease, Duration sweepInterval,
                     int maxAttempts, Backoff backoff, RecoveryMetrics metrics) {
    super(queue, "email", List.of(EmailOutbox.KIND, NewLeadEmails.KIND), lease, sweepInterval, maxAttempts, backoff,
        metrics);
    this.pool = queue.pool();
    this.mail = mail;
    this.smtp = smtp;
    this.maxAttempts = maxAttempts;
    this.sendBudget = sendBudget(lease);
    this.sent = metrics.registry().counter("recovery_emails_total", "outcome", "sent");
    this.retried = metrics.registry().counter("recovery_emails_total", "outcome", "retry");
    this.failed = metrics.registry().counter("recovery_emails_total", "outcome", "failed");
  }

  @Override
  protected Future<Void> handle(ClaimedJob job) {
    if (NewLeadEmails.KIND.equals(job.kind())) {
      return pool.withTransaction(conn -> NewLeadEmails.write(conn, job.workspaceId(), job.payload())
          .compose(v -> JobQueue.finish(conn, job)));
    }
    long id = EmailOutbox.emailId(job.payload());
    return pool.preparedQuery(LOAD).execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0 || !"pending".equals(rows.iterator().next().getString("status"))) {
        return pool.withTransaction(conn -> JobQueue.finish(conn, job));
      }
      Row r = rows.iterator().next();
      return mail.sendMail(message(r))
          .timeout(sendBudget.toMillis(), TimeUnit.MILLISECONDS)
          .recover(err -> Future.failedFuture(err instanceof TimeoutException
              ? new TimeoutException("SMTP send budget of " + sendBudget.toMillis() + " ms (2/3 of the job lease) ran out")
              : err))
          .compose(result -> pool.withTransaction(conn -> conn.preparedQuery(SENT)
                  .execute(Tuple.of(id, result.getMessageID()))
                  .compose(v -> JobQueue.finish(conn, job)))
              .onSuccess(v -> {
                sent.increment();
                LOG.atInfo().addKeyValue("emailId", id).addKeyValue("jobId", job.id()).log("email sent");
              }), err -> attemptFailed(job, id, err));
    });
  }

  /**
   * How long one SMTP exchange (connect, TLS, login, the message) may take: two thirds of the job's lease, so the
   * attempt fails and its settle commits while the lease still fences it. The same budget bounds the mail client's
   * connect, TLS handshake and idle timeouts ({@link SmtpSettings#mailConfig(Duration)}), which close the stuck
   * connection the timed-out attempt leaves behind.
   */
  public static Duration sendBudget(Duration lease) {
    return lease.multipliedBy(2).dividedBy(3);
  }

  private MailMessage message(Row r) {
    String business = r.getString("business");
    String link = r.getString("link_path") == null ? null : smtp.dashboardBaseUrl() + r.getString("link_path");
    return new MailMessage()
        .setHeaders(MultiMap.caseInsensitiveMultiMap().add("Message-ID", messageId(r.getLong("id"),
            r.getLong("created_ms"), smtp.from())))
        .setFrom(smtp.from())
        .setTo(r.getString("to_address"))
        .setSubject(r.getString("subject"))
        .setText(EmailFrame.text(business, r.getString("text_body"), link))
        .setHtml(EmailFrame.html(business, r.getString("html_body"), link));
  }

  /**
   * The email's Message-ID, the same on every attempt: when a send whose lease ran out is sent again (SMTP has no
   * idempotency key), the two copies carry one Message-ID, which mail servers and clients take as one message. Made
   * of the row's id and creation instant (unique across databases in practice) at the sender's domain.
   */
  static String messageId(long emailId, long createdMs, String from) {
    int at = from.lastIndexOf('@');
    String domain = at < 0 ? "" : from.substring(at + 1).replace(">", "").strip();
    if (domain.isEmpty() || !domain.matches("[A-Za-z0-9.-]+")) {
      domain = "missed-call-recovery.invalid";
    }
    return "<email-" + emailId + "-" + createdMs + "@" + domain + ">";
  }

  /** Records the attempt; a permanent refusal or the last attempt fails the email (and ends the job) for good. */
  private Future<Void> attemptFailed(ClaimedJob job, long id, Throwable err) {
    String error = String.valueOf(err.getMessage());
    boolean permanent = PERMANENT.matcher(error).find();
    boolean last = permanent || job.attempts() >= maxAttempts;
    (last ? failed : retried).increment();
    LOG.atWarn().addKeyValue("emailId", id).addKeyValue("attempt", job.attempts()).addKeyValue("permanent", permanent)
        .addKeyValue("error", error).log(last ? "email failed" : "email will be retried");
    Future<Void> recorded = pool.preparedQuery(ATTEMPT_FAILED)
        .execute(Tuple.of(id, error.length() > 500 ? error.substring(0, 500) : error, last ? "failed" : "pending"))
        .mapEmpty();
    if (permanent) {
      return recorded.compose(v -> pool.withTransaction(conn -> JobQueue.finish(conn, job)));
    }
    return recorded.compose(v -> Future.failedFuture(err));
  }
}
