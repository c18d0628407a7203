package com.missedcall.gateway;

import static com.missedcall.gateway.support.ConversationFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.missedcall.gateway.support.ConversationFixture;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.MutableClock;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Notification emails through a real SMTP server (GreenMail): an urgent lead produces one email and one SMS to
 * the configured destinations; emails are multipart plain text and HTML; an SMTP outage is retried and the email
 * delivered when the server is back, with its status visible on the way.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailNotificationsTest {
  private TestDatabase db;
  private GatewayUnderTest gw;
  private ConversationFixture c;
  private int smtpPort;
  private GreenMail smtp;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) throws Exception {
    this.db = db;
    try (ServerSocket socket = new ServerSocket(0)) {
      smtpPort = socket.getLocalPort();
    }
    smtp = startSmtp();
    // JOB_LEASE_SECONDS: the first SMTP connection on a loaded machine can outlast a 2 s lease, and a send whose
    // lease ran out is sent again (at least once, README); the counts here are about what is queued
    gw = GatewayUnderTest.start(db, redis, Map.of("SMTP_URL", "smtp://127.0.0.1:" + smtpPort + "?starttls=disabled",
        "SMTP_FROM", "Alerts <alerts@gateway.test>", "JOB_LEASE_SECONDS", "5"),
        MutableClock.at(LocalTime.NOON, ZoneId.of("America/New_York")));
    c = new ConversationFixture(gw, db);
  }

  @AfterAll
  void stop() {
    gw.close();
    smtp.stop();
  }

  private GreenMail startSmtp() {
    GreenMail server = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    server.start();
    return server;
  }

  private TestTenant.Created tenant() {
    return gw.register(TestTenant.in(db).named("Ace Plumbing").create());
  }

  private void emails(TestTenant.Created t, String address, String... types) {
    db.execute("INSERT INTO notification_emails (workspace_id, address, types) VALUES (" + t.workspaceId() + ", '"
        + address + "', ARRAY['" + String.join("','", types) + "'])");
  }

  private List<MimeMessage> mailTo(String address) {
    return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
      try {
        return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  @Test
  void anUrgentLeadProducesOneEmailAndOneSmsToTheConfiguredDestinations() throws Exception {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    String owner = TestTenant.randomNumber();
    String address = "owner-" + t.workspaceId() + "@ace.test";
    c.notifies(t, "alert", owner);
    emails(t, address, "urgent");
    c.missedCall(t, caller);

    c.textAndAwaitReply(t, caller, "Help, my basement is FLOODING!");

    await().atMost(WAIT).until(() -> mailTo(address).size() == 1 && c.textsTo(owner).size() == 1);
    c.awaitSettled(t);
    MimeMessage mail = mailTo(address).get(0);
    assertThat(mailTo(address)).hasSize(1);
    assertThat(c.textsTo(owner)).hasSize(1);
    assertThat(mail.getSubject()).startsWith("Urgent:").contains(caller).contains("Ace Plumbing");
    assertThat(mail.getFrom()[0].toString()).contains("alerts@gateway.test");
    assertThat(mail.getContentType()).startsWith("multipart/");
    Multipart parts = (Multipart) mail.getContent();
    String text = null;
    String html = null;
    for (int i = 0; i < parts.getCount(); i++) {
      var part = parts.getBodyPart(i);
      if (part.isMimeType("text/plain")) {
        text = (String) part.getContent();
      } else if (part.isMimeType("text/html")) {
        html = (String) part.getContent();
      }
    }
    long lead = db.queryLong("SELECT id FROM leads WHERE workspace_id = ? AND caller = ?", t.workspaceId(), caller);
    assertThat(text).contains("my basement is FLOODING").contains("/#/leads/" + lead);
    assertThat(html).contains("my basement is FLOODING").contains("href=\"").contains("/#/leads/" + lead);
    assertThat(db.queryString("SELECT status FROM email_messages WHERE workspace_id = ?", t.workspaceId()))
        .isEqualTo("sent");
  }

  @Test
  void anEmailsMessageIdIsMadeFromItsRowSoEveryAttemptCarriesTheSameOne() throws Exception {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    String address = "ids-" + t.workspaceId() + "@ace.test";
    emails(t, address, "urgent");
    c.missedCall(t, caller);

    c.textAndAwaitReply(t, caller, "Emergency: no heat and a baby at home");

    await().atMost(WAIT).until(() -> mailTo(address).size() == 1);
    c.awaitSettled(t);
    String expected = db.queryString("SELECT '<email-' || id || '-' || (extract(epoch FROM created_at) * 1000)::bigint "
        + "|| '@gateway.test>' FROM email_messages WHERE workspace_id = ?", t.workspaceId());
    assertThat(mailTo(address).get(0).getMessageID()).isEqualTo(expected);
  }

  @Test
  void anAddressThatDidNotAskForUrgentAlertsGetsNone() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    String owner = TestTenant.randomNumber();
    String address = "books-" + t.workspaceId() + "@ace.test";
    c.notifies(t, "alert", owner);
    emails(t, address, "daily_summary");
    c.missedCall(t, caller);

    c.textAndAwaitReply(t, caller, "Gas leak, come now");

    await().atMost(WAIT).until(() -> c.textsTo(owner).size() == 1);
    c.awaitSettled(t);
    assertThat(mailTo(address)).isEmpty();
    assertThat(db.queryLong("SELECT count(*) FROM email_messages WHERE workspace_id = ?", t.workspaceId())).isZero();
  }

  @Test
  void anEmailIsRetriedWhileTheSmtpServerIsDownAndSentOnceItIsBack() {
    TestTenant.Created t = tenant();
    String address = "retry-" + t.workspaceId() + "@ace.test";
    emails(t, address, "urgent");
    smtp.stop();
    try {
      long email = db.queryLong("INSERT INTO email_messages (workspace_id, to_address, type, subject, text_body, "
          + "html_body) VALUES (?, ?, 'test', 'Retry me', 'plain', '<p>html</p>') RETURNING id", t.workspaceId(), address);
      db.queryLong("INSERT INTO jobs (workspace_id, kind, payload) VALUES (?, 'email', "
          + "jsonb_build_object('email_id', ?::bigint)) RETURNING id", t.workspaceId(), email);

      await().atMost(WAIT).until(() -> db.queryLong("SELECT attempts FROM email_messages WHERE id = ?", email) >= 1);
      assertThat(db.queryString("SELECT status FROM email_messages WHERE id = ?", email)).isEqualTo("pending");
      assertThat(db.queryString("SELECT last_error FROM email_messages WHERE id = ?", email)).isNotBlank();
    } finally {
      smtp = startSmtp();
    }

    await().atMost(WAIT).until(() -> mailTo(address).size() == 1);
    await().atMost(WAIT).until(() -> "sent".equals(db.queryString(
        "SELECT status FROM email_messages WHERE workspace_id = ?", t.workspaceId())));
  }

  private long newLeadEmails(TestTenant.Created t) {
    return db.queryLong("SELECT count(*) FROM email_messages WHERE workspace_id = ? AND type = 'new_lead'",
        t.workspaceId());
  }

  private long newLeadJobs(TestTenant.Created t) {
    return db.queryLong("SELECT count(*) FROM jobs WHERE workspace_id = ? AND kind = 'new_lead_email'",
        t.workspaceId());
  }

  @Test
  void aNewLeadEmailsTheAddressTakingNewLeadsOnceThoughTheWebhookIsRetriedAndTheCallerCallsAgain() throws Exception {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    String address = "leads-" + t.workspaceId() + "@ace.test";
    emails(t, address, "new_lead");
    String callSid = TwilioPayloads.newCallSid();

    assertThat(gw.forwardedCallEnded(t, callSid, caller).await().statusCode()).isEqualTo(204);
    assertThat(gw.forwardedCallEnded(t, callSid, caller).await().statusCode()).isEqualTo(204);
    assertThat(gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), caller).await().statusCode()).isEqualTo(204);

    await().atMost(WAIT).until(() -> mailTo(address).size() == 1);
    await().atMost(WAIT).until(() -> db.queryLong("SELECT count(*) FROM calls WHERE workspace_id = ? "
        + "AND decision <> 'pending'", t.workspaceId()) == 2);
    c.awaitSettled(t);
    gw.settled(db).textsOf(t.workspaceId());
    long lead = db.queryLong("SELECT id FROM leads WHERE workspace_id = ? AND caller = ?", t.workspaceId(), caller);
    assertThat(mailTo(address)).singleElement().satisfies(mail -> {
      assertThat(mail.getSubject()).isEqualTo("New lead for Ace Plumbing: " + caller);
      assertThat(mail.getContentType()).startsWith("multipart/");
    });
    assertThat(newLeadEmails(t)).isEqualTo(1);
    assertThat(db.queryLong("SELECT lead_id FROM email_messages WHERE workspace_id = ?", t.workspaceId()))
        .isEqualTo(lead);
    assertThat(db.queryString("SELECT link_path FROM email_messages WHERE workspace_id = ?", t.workspaceId()))
        .isEqualTo("/#/leads/" + lead);
  }

  @Test
  void aWorkspaceWithoutANewLeadAddressGetsNoNewLeadEmailNorJob() {
    TestTenant.Created t = tenant();
    emails(t, "urgent-" + t.workspaceId() + "@ace.test", "urgent", "daily_summary");

    c.missedCall(t, TestTenant.randomNumber());

    gw.settled(db).textsOf(t.workspaceId());
    assertThat(newLeadJobs(t)).isZero();
    assertThat(newLeadEmails(t)).isZero();
  }

  @Test
  void aTestCallersNewLeadGetsNoNewLeadEmail() {
    TestTenant.Created t = tenant();
    String caller = TestTenant.randomNumber();
    emails(t, "leads-" + t.workspaceId() + "@ace.test", "new_lead");
    db.execute("INSERT INTO test_callers (workspace_id, number) VALUES (" + t.workspaceId() + ", '" + caller + "')");

    c.missedCall(t, caller);

    gw.settled(db).textsOf(t.workspaceId());
    assertThat(c.lead(t, caller, "is_test::text")).isEqualTo("true");
    assertThat(newLeadJobs(t)).isZero();
    assertThat(newLeadEmails(t)).isZero();
  }
}
