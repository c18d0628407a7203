package com.missedcall.loadtests.simulations;

import static io.gatling.javaapi.core.CoreDsl.exec;

import com.missedcall.loadtests.Correctness.Sent;
import com.missedcall.loadtests.Correctness.Sent.Kind;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which calls and texts the gateway acknowledged. Only a 2xx tells Twilio the work is durable; a 503
 * (or no answer at all) means "try again", so a webhook the gateway refused is shed load, not a lost
 * lead. The benchmark needs to tell the two apart: after each webhook that carries a decision (the
 * final call webhook, an inbound text) the simulation notes its sid, caller and whether it was
 * acknowledged; a sid delivered several times (the retry storm) counts as acknowledged if any
 * delivery was. {@code after()} writes them to {@code <name>.outcomes.tsv} next to the expectations.
 */
final class WebhookOutcomes {
  private final Map<String, Sent> bySid = new ConcurrentHashMap<>();

  /** Notes the webhook posted under {@code prefix} (see {@link Webhooks#post}) as a {@code kind}. */
  ChainBuilder track(String prefix, Kind kind) {
    return exec(session -> {
      note(session, prefix, kind);
      return session;
    });
  }

  /** As {@link #track(String, Kind)}, with the kind read from the session attribute {@code kindAttribute}. */
  ChainBuilder track(String prefix, String kindAttribute) {
    return exec(session -> {
      note(session, prefix, Kind.valueOf(session.getString(kindAttribute)));
      return session;
    });
  }

  private void note(Session session, String prefix, Kind kind) {
    Sent sent = new Sent(kind, session.getString(prefix + "sid"), session.getString(prefix + "from"),
        Webhooks.acknowledged(session, prefix));
    bySid.merge(sent.sid(), sent, (earlier, later) -> earlier.acknowledged() ? earlier : later);
  }

  long posted(Kind kind) {
    return bySid.values().stream().filter(o -> o.kind() == kind).count();
  }

  long acknowledged(Kind kind) {
    return bySid.values().stream().filter(o -> o.kind() == kind && o.acknowledged()).count();
  }

  /** Writes one line per sid (see {@link Sent#line()}); returns the file name for the expectations. */
  String write(LoadSettings settings, String name) {
    String file = name + ".outcomes.tsv";
    try {
      Path dir = Path.of(settings.runDir());
      Files.createDirectories(dir);
      try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(file))) {
        for (Sent sent : bySid.values()) {
          out.write(sent.line());
        }
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
