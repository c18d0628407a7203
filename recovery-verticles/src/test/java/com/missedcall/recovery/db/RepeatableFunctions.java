package com.missedcall.recovery.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The migration scripts as the tests read them: each repeatable's function and body, the versioned ones' text. */
record RepeatableFunctions(Map<String, String> bodies, Map<Integer, String> versioned) {
  private static final Pattern CREATE =
      Pattern.compile("^CREATE OR REPLACE FUNCTION (\\w+)\\(", Pattern.MULTILINE);
  private static final Pattern VERSION = Pattern.compile("^V(\\d+)__.*\\.sql$");

  /** Reads the scripts from the classpath folder the migrations run from. */
  static RepeatableFunctions onClasspath() {
    URL folder = RepeatableFunctions.class.getClassLoader().getResource("db/migration");
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      Map<String, String> bodies = new TreeMap<>();
      Map<Integer, String> versioned = new TreeMap<>();
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Matcher version = VERSION.matcher(name);
        if (name.startsWith("R__")) {
          bodies.put(name, text);
        } else if (version.matches()) {
          versioned.put(Integer.parseInt(version.group(1)), text);
        }
      }
      return new RepeatableFunctions(bodies, versioned);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The function names each repeatable file creates, by file name. */
  Map<String, List<String>> createdByFile() {
    Map<String, List<String>> created = new TreeMap<>();
    bodies.forEach((file, text) -> created.put(file, CREATE.matcher(text).results().map(m -> m.group(1)).toList()));
    return created;
  }

  /** The text between the dollar quotes of a repeatable file (what pg_proc.prosrc holds once it ran). */
  static String dollarQuotedBody(String text) {
    int open = text.indexOf("$$");
    int close = text.lastIndexOf("$$");
    if (open < 0 || close <= open) {
      throw new IllegalArgumentException("no $$-quoted body");
    }
    return text.substring(open + 2, close);
  }

  /** Function names created by a versioned script (CREATE FUNCTION or CREATE OR REPLACE FUNCTION). */
  static List<String> functionsCreatedIn(String versionedText) {
    return Pattern.compile("^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?FUNCTION\\s+(\\w+)",
            Pattern.MULTILINE | Pattern.CASE_INSENSITIVE)
        .matcher(versionedText).results().map(m -> m.group(1)).toList();
  }
}
