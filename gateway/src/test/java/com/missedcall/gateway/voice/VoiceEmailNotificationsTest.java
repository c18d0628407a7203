package com.missedcall.gateway.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.missedcall.gateway.support.FakeChatModel;
import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.gateway.support.VoiceCallers;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import io.vertx.core.Vertx;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Voice recovery's alerts by email through a real SMTP server (GreenMail): an emergency the voice assistant heard
 * emails the addresses taking {@code urgent} and texts the alert numbers, once each; the model failing on a call
 * emails the addresses taking {@code voice_failure}, once; a new caller answered by voice is a new lead, emailed
 * once to the addresses taking {@code new_lead} (a test caller's is not).
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoiceEmailNotificationsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private TestDatabase db;
  private Vertx fakeVertx;
  private FakeChatModel model;
  private GreenMail smtp;
  private GatewayUnderTest gw;
  private VoiceCallers callers;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) throws Exception {
    this.db = db;
    int smtpPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      smtpPort = socket.getLocalPort();
    }
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    fakeVertx = Vertx.vertx();
    model = FakeChatModel.start(fakeVertx);
    gw = GatewayUnderTest.start(db, redis, Map.of(
        "SMTP_URL", "smtp://127.0.0.1:" + smtpPort + "?starttls=disabled",
        "AI_BASE_URL", model.baseUrl(),
        "AI_TIMEOUT_MS", "5000",
        "AI_MAX_RETRIES", "0",
        "VOICE_MODEL_BUDGET_MS", "700",
        // the first SMTP connection on a loaded machine can outlast a 2 s lease, and a send whose lease ran out is
        // sent again (at least once, README): the counts here are about what is queued, not that limit
        "JOB_LEASE_SECONDS", "5"));
    callers = new VoiceCallers(gw, db);
  }

  @AfterEach
  void resetModel() {
    model.reset();
  }

  @AfterAll
  void stop() {
    callers.close();
    gw.close();
    model.close();
    fakeVertx.close().await();
    smtp.stop();
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

  private long emailsOf(TestTenant.Created t, String type) {
    return db.queryLong("SELECT count(*) FROM email_messages WHERE workspace_id = ? AND type = ?", t.workspaceId(),
        type);
  }

  @Test
  void anEmergencyCapturedByVoiceSendsOneUrgentEmailAndOneSmsToTheConfiguredDestinations() throws Exception {
    TestTenant.Created t = callers.voiceTenant("Flood Plumbing");
    callers.update("UPDATE workspaces SET ai_enabled = false WHERE id = " + t.workspaceId());
    String alerts = TestTenant.randomNumber();
    String address = "owner-" + t.workspaceId() + "@flood.test";
    callers.notificationNumber(t, "voice_alert", alerts);
    emails(t, address, "urgent", "voice_failure");
    String caller = TestTenant.randomNumber();

    callers.call(t, caller, VoiceCallers.saying("There is a burst pipe, water everywhere", "7 River Lane",
        "Right away")).await();

    await().atMost(WAIT).until(() -> mailTo(address).size() == 1 && gw.simulator().messagesTo(alerts).stream()
        .anyMatch(m -> m.body().startsWith("URGENT")));
    gw.settled(db).textsOf(t.workspaceId());
    long lead = db.queryLong("SELECT id FROM leads WHERE workspace_id = ? AND caller = ?", t.workspaceId(), caller);
    await().atMost(WAIT).until(() -> "sent".equals(db.queryString(
        "SELECT string_agg(status, ',') FROM email_messages WHERE workspace_id = ?", t.workspaceId())));
    assertThat(mailTo(address)).singleElement().satisfies(mail -> {
      assertThat(mail.getSubject()).startsWith("Urgent:").contains(caller).contains("Flood Plumbing");
      assertThat(mail.getContentType()).startsWith("multipart/");
    });
    assertThat(emailsOf(t, "urgent")).isEqualTo(1);
    assertThat(emailsOf(t, "voice_failure")).isZero();
    assertThat(db.queryString("SELECT text_body FROM email_messages WHERE workspace_id = ?", t.workspaceId()))
        .contains("burst pipe").contains(caller);
    assertThat(db.queryLong("SELECT lead_id FROM email_messages WHERE workspace_id = ?", t.workspaceId()))
        .isEqualTo(lead);
    assertThat(gw.simulator().messagesTo(alerts).stream().filter(m -> m.body().startsWith("URGENT")).count())
        .isEqualTo(1);
  }

  @Test
  void aVoiceModelFailureSendsOneVoiceFailureEmail() {
    TestTenant.Created t = callers.voiceTenant("Broken Plumbing");
    String address = "owner-" + t.workspaceId() + "@broken.test";
    emails(t, address, "voice_failure");
    String caller = TestTenant.randomNumber();
    model.failing(500);

    callers.call(t, caller, VoiceCallers.saying("My sink is blocked", "3 Pine Road", "Not urgent", "Any time"))
        .await();

    await().atMost(WAIT).until(() -> mailTo(address).size() == 1);
    gw.settled(db).textsOf(t.workspaceId());
    await().atMost(WAIT).until(() -> "sent".equals(db.queryString(
        "SELECT string_agg(status, ',') FROM email_messages WHERE workspace_id = ?", t.workspaceId())));
    assertThat(mailTo(address)).singleElement()
        .satisfies(mail -> assertThat(mail.getSubject()).contains("voice assistant").contains("Broken Plumbing"));
    assertThat(emailsOf(t, "voice_failure")).isEqualTo(1);
  }

  @Test
  void aNewCallerAnsweredByVoiceEmailsTheNewLeadAddressOnce() {
    TestTenant.Created t = callers.voiceTenant("New Plumbing");
    callers.update("UPDATE workspaces SET ai_enabled = false WHERE id = " + t.workspaceId());
    String address = "leads-" + t.workspaceId() + "@new.test";
    emails(t, address, "new_lead");
    String caller = TestTenant.randomNumber();

    callers.call(t, caller, VoiceCallers.saying("My sink is blocked", "3 Pine Road", "Not urgent", "Any time"))
        .await();

    await().atMost(WAIT).until(() -> mailTo(address).size() == 1);
    gw.settled(db).textsOf(t.workspaceId());
    await().atMost(WAIT).until(() -> "sent".equals(db.queryString(
        "SELECT string_agg(status, ',') FROM email_messages WHERE workspace_id = ?", t.workspaceId())));
    assertThat(mailTo(address)).singleElement()
        .satisfies(mail -> assertThat(mail.getSubject()).isEqualTo("New lead for New Plumbing: " + caller));
    assertThat(emailsOf(t, "new_lead")).isEqualTo(1);
  }

  @Test
  void aTestCallerAnsweredByVoiceGetsATestLeadAndNoNewLeadEmail() {
    TestTenant.Created t = callers.voiceTenant("Trial Plumbing");
    callers.update("UPDATE workspaces SET ai_enabled = false WHERE id = " + t.workspaceId());
    emails(t, "leads-" + t.workspaceId() + "@trial.test", "new_lead");
    String caller = TestTenant.randomNumber();
    db.execute("INSERT INTO test_callers (workspace_id, number) VALUES (" + t.workspaceId() + ", '" + caller + "')");

    callers.call(t, caller, VoiceCallers.saying("My sink is blocked", "3 Pine Road", "Not urgent", "Any time"))
        .await();

    gw.settled(db).textsOf(t.workspaceId());
    assertThat(db.queryString("SELECT is_test::text FROM leads WHERE workspace_id = ? AND caller = ?",
        t.workspaceId(), caller)).isEqualTo("true");
    assertThat(db.queryLong("SELECT count(*) FROM jobs WHERE workspace_id = ? AND kind = 'new_lead_email'",
        t.workspaceId())).isZero();
    assertThat(emailsOf(t, "new_lead")).isZero();
  }
}
