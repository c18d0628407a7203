package com.missedcall.recovery.quiet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The time zone of a North American number, from its area code ({@code area-code-zones.txt}, a small
 * table read once when the class is first used, at start-up). Numbers outside +1, and area codes the
 * table does not know, have no zone here: the caller falls back to the workspace's time zone.
 */
public final class AreaCodeZones {
  private static final String RESOURCE = "area-code-zones.txt";
  private static final Map<String, ZoneId> ZONES = load();

  private AreaCodeZones() {}

  public static Optional<ZoneId> of(String e164) {
    if (e164 == null || !e164.startsWith("+1") || e164.length() != 12) {
      return Optional.empty();
    }
    return Optional.ofNullable(ZONES.get(e164.substring(2, 5)));
  }

  static int size() {
    return ZONES.size();
  }

  private static Map<String, ZoneId> load() {
    Map<String, ZoneId> zones = new HashMap<>();
    try (InputStream in = AreaCodeZones.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        int colon = l.indexOf(':');
        ZoneId zone = ZoneId.of(l.substring(0, colon).strip());
        for (String code : l.substring(colon + 1).strip().split("\\s+")) {
          if (zones.put(code, zone) != null) {
            throw new IllegalStateException("area code " + code + " appears twice in " + RESOURCE);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(zones);
  }
}
