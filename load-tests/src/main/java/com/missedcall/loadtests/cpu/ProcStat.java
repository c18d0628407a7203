package com.missedcall.loadtests.cpu;

/**
 * One process's line of {@code /proc/<pid>/stat}: its name and the CPU it used, in clock ticks
 * ({@code USER_HZ}, 100 a second on Linux). The name ({@code comm}) sits in parentheses and may itself
 * hold spaces and parentheses, so the fields are counted from the <em>last</em> closing parenthesis.
 * {@code utime}/{@code stime} cover every thread of the process; {@code cutime}/{@code cstime} are the
 * children it has waited for (for the postmaster: backends that already exited).
 */
public record ProcStat(int pid, String comm, char state, int ppid, long utime, long stime, long cutime,
                       long cstime) {

  /** Parses one stat line; throws {@link IllegalArgumentException} for anything that is not one. */
  public static ProcStat parse(String line) {
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 1 || close < open) {
      throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + abbreviate(line));
    }
    // fields 3.. of proc(5), after "pid (comm) "
    String[] f = line.substring(close + 1).trim().split("\\s+");
    if (f.length < 15) {
      throw new IllegalArgumentException("too few fields in /proc/<pid>/stat line: " + abbreviate(line));
    }
    try {
      return new ProcStat(Integer.parseInt(line.substring(0, open).trim()), line.substring(open + 1, close),
          f[0].charAt(0), Integer.parseInt(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
          Long.parseLong(f[13]), Long.parseLong(f[14]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("malformed /proc/<pid>/stat line: " + abbreviate(line), e);
    }
  }

  /** CPU the process itself used (all its threads, user and kernel). */
  public long ownTicks() {
    return utime + stime;
  }

  private static String abbreviate(String line) {
    return line.length() > 80 ? line.substring(0, 80) + "..." : line;
  }
}
