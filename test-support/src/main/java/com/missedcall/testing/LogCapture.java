package com.missedcall.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Every log line the process writes while open, rendered as the console would show it (message, key-value
 * pairs, stack trace), attached to the root logger of the project's logging backend (logback). Close it to detach.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger root;

  private LogCapture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    setContext(context);
    setName("capture");
  }

  public static LogCapture open() {
    LogCapture capture = new LogCapture();
    capture.attach();
    return capture;
  }

  private void attach() {
    super.start();
    root.addAppender(this);
  }

  @Override
  protected void append(ILoggingEvent event) {
    StringBuilder line = new StringBuilder()
        .append(event.getLevel()).append(' ').append(event.getLoggerName()).append(' ')
        .append(event.getFormattedMessage());
    if (event.getKeyValuePairs() != null) {
      event.getKeyValuePairs().forEach(kv -> line.append(' ').append(kv.key).append('=').append(kv.value));
    }
    if (event.getThrowableProxy() != null) {
      line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
    lines.add(line.toString());
  }

  public List<String> lines() {
    return new ArrayList<>(lines);
  }

  /** The captured lines from {@code loggerName} (a class's full name, or a prefix of it). */
  public List<String> from(String loggerName) {
    return lines.stream().filter(l -> l.split(" ", 3)[1].startsWith(loggerName)).toList();
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
  }
}
