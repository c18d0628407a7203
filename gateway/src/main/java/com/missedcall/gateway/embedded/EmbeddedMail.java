package com.missedcall.gateway.embedded;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real SMTP server in this process (GreenMail, from Maven Central) for the embedded default: notification
 * emails go through SMTP exactly as they would to a provider, and land in its mailboxes (also readable over
 * IMAP on the next port). Start-up work: it runs on the main thread, before Vert.x.
 */
public final class EmbeddedMail implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMail.class);
  private final GreenMail server;
  private final int smtpPort;
  private final int imapPort;

  private EmbeddedMail(GreenMail server, int smtpPort, int imapPort) {
    this.server = server;
    this.smtpPort = smtpPort;
    this.imapPort = imapPort;
  }

  public static EmbeddedMail start() {
    int smtp = freePort();
    int imap = freePort();
    GreenMail server = new GreenMail(new ServerSetup[] {
        new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
        new ServerSetup(imap, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
    server.start();
    LOG.atInfo().addKeyValue("smtpPort", smtp).addKeyValue("imapPort", imap).log("embedded SMTP server started");
    return new EmbeddedMail(server, smtp, imap);
  }

  public String smtpUrl() {
    return "smtp://127.0.0.1:" + smtpPort + "?starttls=disabled";
  }

  public int imapPort() {
    return imapPort;
  }

  /** How many messages the embedded server has received (every mailbox). */
  public int received() {
    return server.getReceivedMessages().length;
  }

  @Override
  public void close() {
    server.stop();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
