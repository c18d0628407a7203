package com.missedcall.loadtests;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.missedcall.loadtests.cpu.CpuProbe;
import com.missedcall.loadtests.cpu.CpuSample;
import com.missedcall.loadtests.cpu.CpuUse;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * The report's side of the CPU measurement: bench.sh took a {@link CpuProbe} sample before the
 * scenario ({@code -Dcpu.before=FILE}); this takes the one after and adds what the server, PostgreSQL
 * and Redis used to the record ({@code cpuServerMs}, {@code cpuPostgresMs}, {@code cpuRedisMs},
 * {@code cpuTotalMs}). The report's own database connection is left out of PostgreSQL's share.
 */
final class CpuMeter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final CpuProbe probe;
  private final CpuSample before;

  private CpuMeter(CpuProbe probe, CpuSample before) {
    this.probe = probe;
    this.before = before;
  }

  /** Null when bench.sh gave no "before" sample. */
  static CpuMeter fromSystemProperties() throws IOException {
    String file = System.getProperty("cpu.before");
    if (file == null || file.isBlank()) {
      return null;
    }
    return new CpuMeter(CpuProbe.fromSystemProperties(), CpuProbe.fromJson(JSON.readTree(Path.of(file).toFile())));
  }

  /** Samples now; {@code own} is the report's connection to the bench database (or null). */
  void measure(ObjectNode record, Connection own) throws SQLException {
    CpuProbe p = own == null ? probe : probe.excluding(Set.of(backendPid(own)));
    CpuUse used = p.sample().since(before, p.ticksPerSecond());
    record.put("cpuServerMs", used.serverMs());
    record.put("cpuPostgresMs", used.postgresMs());
    record.put("cpuRedisMs", used.redisMs());
    record.put("cpuTotalMs", used.totalMs());
  }

  private static int backendPid(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
