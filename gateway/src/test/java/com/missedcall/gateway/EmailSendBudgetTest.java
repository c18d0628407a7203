package com.missedcall.gateway;

import static com.missedcall.gateway.support.ConversationFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.missedcall.gateway.support.GatewayUnderTest;
import com.missedcall.gateway.support.TestTenant;
import com.missedcall.testing.RealServersExtension;
import com.missedcall.testing.TestDatabase;
import com.missedcall.testing.TestRedis;
import com.missedcall.twiliosim.TwilioPayloads;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An SMTP server that accepts connections and then never answers (not even its greeting) must not hold an email's
 * send past its lease: the attempt fails within the send budget (two thirds of JOB_LEASE_SECONDS), is recorded on
 * the email with the reason, and is retried; nothing waits for a sweeper to take the email over.
 */
@ExtendWith(RealServersExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailSendBudgetTest {
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private TestDatabase db;
  private GatewayUnderTest gw;
  private ServerSocket silentSmtp;

  @BeforeAll
  void start(TestDatabase db, TestRedis redis) throws Exception {
    this.db = db;
    silentSmtp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::holdEveryConnectionSilently, "silent-smtp");
    acceptor.setDaemon(true);
    acceptor.start();
    gw = GatewayUnderTest.start(db, redis, Map.of(
        "SMTP_URL", "smtp://127.0.0.1:" + silentSmtp.getLocalPort() + "?starttls=disabled",
        "SMTP_FROM", "Alerts <alerts@gateway.test>", "JOB_LEASE_SECONDS", "3"));
  }

  private void holdEveryConnectionSilently() {
    while (!silentSmtp.isClosed()) {
      try {
        held.add(silentSmtp.accept());
        connections.incrementAndGet();
      } catch (IOException closed) {
        return;
      }
    }
  }

  @AfterAll
  void stop() throws IOException {
    gw.close();
    silentSmtp.close();
    for (Socket s : held) {
      s.close();
    }
  }

  @Test
  void anSmtpServerThatNeverAnswersFailsTheAttemptWithinItsBudgetAndTheEmailIsRetried() {
    TestTenant.Created t = gw.register(TestTenant.in(db).named("Ace Plumbing").create());
    db.execute("INSERT INTO notification_emails (workspace_id, address, types) VALUES (" + t.workspaceId()
        + ", 'leads-" + t.workspaceId() + "@ace.test', ARRAY['new_lead'])");

    assertThat(gw.forwardedCallEnded(t, TwilioPayloads.newCallSid(), TestTenant.randomNumber()).await()
        .statusCode()).isEqualTo(204);

    await().atMost(WAIT).until(() -> db.queryLong("SELECT count(*) FROM email_messages WHERE workspace_id = ? "
        + "AND attempts >= 1", t.workspaceId()) == 1);
    assertThat(db.queryString("SELECT status FROM email_messages WHERE workspace_id = ?", t.workspaceId()))
        .isEqualTo("pending");
    assertThat(db.queryString("SELECT last_error FROM email_messages WHERE workspace_id = ?", t.workspaceId()))
        .contains("SMTP send budget of 2000 ms");
    assertThat(connections.get()).isPositive();
  }
}
