package com.missedcall.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys of one test class's namespace on the shared Redis: counted and deleted at the end of the class
 * (SCAN + UNLINK over plain RESP, so test-support needs no Redis client), because the gateway's keys live
 * up to 30 days and every run would otherwise leave its own behind.
 */
public final class RedisNamespace {
  private RedisNamespace() {}

  /** Deletes every key starting with {@code prefix}; returns how many there were. */
  public static int deleteAll(String host, int port, String prefix) {
    return withConnection(host, port, (in, out) -> {
      int deleted = 0;
      for (List<String> batch : scan(in, out, prefix)) {
        if (!batch.isEmpty()) {
          List<String> command = new ArrayList<>(batch.size() + 1);
          command.add("UNLINK");
          command.addAll(batch);
          send(out, command);
          deleted += ((Long) read(in)).intValue();
        }
      }
      return deleted;
    });
  }

  /** How many keys start with {@code prefix}. */
  public static int count(String host, int port, String prefix) {
    return withConnection(host, port, (in, out) -> {
      int n = 0;
      for (List<String> batch : scan(in, out, prefix)) {
        n += batch.size();
      }
      return n;
    });
  }

  private interface Work {
    int run(InputStream in, OutputStream out) throws IOException;
  }

  private static int withConnection(String host, int port, Work work) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 5_000);
      socket.setSoTimeout(30_000);
      return work.run(new BufferedInputStream(socket.getInputStream()), socket.getOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("Redis " + host + ":" + port + " did not answer", e);
    }
  }

  /** Every key of the prefix, batch by batch (collected first: deleting while scanning is allowed but this is simpler). */
  private static List<List<String>> scan(InputStream in, OutputStream out, String prefix) throws IOException {
    List<List<String>> batches = new ArrayList<>();
    String cursor = "0";
    String pattern = prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "*";
    do {
      send(out, List.of("SCAN", cursor, "MATCH", pattern, "COUNT", "1000"));
      List<?> reply = (List<?>) read(in);
      cursor = (String) reply.get(0);
      List<String> keys = new ArrayList<>();
      for (Object k : (List<?>) reply.get(1)) {
        keys.add((String) k);
      }
      batches.add(keys);
    } while (!cursor.equals("0"));
    return batches;
  }

  private static void send(OutputStream out, List<String> args) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    buf.write(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (String a : args) {
      byte[] b = a.getBytes(StandardCharsets.UTF_8);
      buf.write(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      buf.write(b);
      buf.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.write(buf.toByteArray());
    out.flush();
  }

  private static Object read(InputStream in) throws IOException {
    int type = in.read();
    String line = line(in);
    switch (type) {
      case '+':
        return line;
      case '-':
        throw new IOException("Redis answered " + line);
      case ':':
        return Long.parseLong(line);
      case '$': {
        int len = Integer.parseInt(line);
        if (len < 0) {
          return null;
        }
        byte[] b = in.readNBytes(len);
        line(in);
        return new String(b, StandardCharsets.UTF_8);
      }
      case '*': {
        int n = Integer.parseInt(line);
        List<Object> items = new ArrayList<>(Math.max(n, 0));
        for (int i = 0; i < n; i++) {
          items.add(read(in));
        }
        return items;
      }
      default:
        throw new IOException("unexpected Redis reply type " + type);
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) {
        throw new IOException("Redis closed the connection");
      }
      b.write(c);
    }
    in.read();
    return b.toString(StandardCharsets.UTF_8);
  }
}
