package com.missedcall.loadtests.cpu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads the CPU the processes of a run have used from {@code /proc}: the server under test by pid,
 * the PostgreSQL backends serving one database (a backend's command line is its title,
 * {@code postgres: 15/main: user database host(port) state}, so the database name is one of its words;
 * other databases on the same server, other helpers' test databases included, are not counted, nor
 * are the shared checkpointer and WAL writer), and the redis-server listening on one port (one Redis is
 * usually shared: what others send it counts too). Pids to leave out (the bench's own checking
 * connection) can be given.
 * <p>Configured from system properties by {@link #fromSystemProperties()}: {@code cpu.server} (pid),
 * {@code cpu.database}, {@code cpu.redisPort}, {@code cpu.ticks} (USER_HZ, default 100).
 */
public final class CpuProbe {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path proc;
  private final long ticksPerSecond;
  private final int serverPid;
  private final String database;
  private final int redisPort;
  private final Set<Integer> excluded;

  /** {@code serverPid} ≤ 0, {@code database} null or {@code redisPort} ≤ 0: that part is not watched. */
  public CpuProbe(Path proc, long ticksPerSecond, int serverPid, String database, int redisPort, Set<Integer> excluded) {
    this.proc = proc;
    this.ticksPerSecond = ticksPerSecond;
    this.serverPid = serverPid;
    this.database = database == null || database.isBlank() ? null : database;
    this.redisPort = redisPort;
    this.excluded = Set.copyOf(excluded);
  }

  public static CpuProbe fromSystemProperties() {
    return new CpuProbe(Path.of("/proc"), Long.getLong("cpu.ticks", 100), Integer.getInteger("cpu.server", 0),
        System.getProperty("cpu.database"), Integer.getInteger("cpu.redisPort", 0), Set.of());
  }

  public CpuProbe excluding(Set<Integer> pids) {
    return new CpuProbe(proc, ticksPerSecond, serverPid, database, redisPort, pids);
  }

  public long ticksPerSecond() {
    return ticksPerSecond;
  }

  public CpuSample sample() {
    long server = serverPid > 0 ? ticksOf(serverPid) : -1;
    Map<Integer, Long> postgres = database == null ? null : new HashMap<>();
    long redis = redisPort > 0 ? 0 : -1;
    boolean redisFound = false;
    if (postgres != null || redisPort > 0) {
      try (DirectoryStream<Path> all = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
        for (Path dir : all) {
          ProcStat stat = read(dir);
          if (stat == null || excluded.contains(stat.pid())) {
            continue;
          }
          if (postgres != null && "postgres".equals(stat.comm()) && servesDatabase(commandLine(dir))) {
            postgres.put(stat.pid(), stat.ownTicks());
          } else if (redisPort > 0 && !redisFound && stat.comm().startsWith("redis-server")
              && listensOn(commandLine(dir))) {
            redis = stat.ownTicks();
            redisFound = true;
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot list " + proc, e);
      }
    }
    return new CpuSample(server, postgres, redisPort > 0 && !redisFound ? -1 : redis);
  }

  /** Whether a postgres process title names the database (a backend or autovacuum worker of it). */
  boolean servesDatabase(String title) {
    for (String word : title.split("\\s+")) {
      if (word.equals(database)) {
        return true;
      }
    }
    return false;
  }

  private boolean listensOn(String commandLine) {
    return commandLine.contains(":" + redisPort) || commandLine.contains("--port " + redisPort);
  }

  private long ticksOf(int pid) {
    ProcStat stat = read(proc.resolve(Integer.toString(pid)));
    return stat == null ? -1 : stat.ownTicks();
  }

  /** The process's stat, or null when it exited meanwhile. */
  private static ProcStat read(Path dir) {
    try {
      return ProcStat.parse(Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8));
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  private static String commandLine(Path dir) {
    try {
      return new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').trim();
    } catch (IOException e) {
      return "";
    }
  }

  /** The sample as JSON, for handing from one process of the bench to the next. */
  public static ObjectNode toJson(CpuSample s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("serverTicks", s.serverTicks());
    n.put("redisTicks", s.redisTicks());
    if (s.postgresTicks() != null) {
      ObjectNode pg = n.putObject("postgresTicks");
      s.postgresTicks().forEach((pid, ticks) -> pg.put(pid.toString(), ticks));
    }
    return n;
  }

  public static CpuSample fromJson(JsonNode n) {
    Map<Integer, Long> pg = null;
    if (n.has("postgresTicks")) {
      pg = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.get("postgresTicks").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        pg.put(Integer.parseInt(e.getKey()), e.getValue().asLong());
      }
    }
    return new CpuSample(n.get("serverTicks").asLong(), pg, n.get("redisTicks").asLong());
  }

  /** Prints a sample as JSON (bench.sh takes one before each scenario; the report takes the one after). */
  public static void main(String[] args) throws IOException {
    System.out.println(JSON.writeValueAsString(toJson(fromSystemProperties().sample())));
  }
}
