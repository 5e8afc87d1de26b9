package io.backstride.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds {@code results.md} of one {@code benchmarks/run-all.sh} run: the machine line and the
 * table of every {@code ROW |} line the blocks printed, ordered by target id, each with the command
 * of the block that printed it.
 *
 * <p>The run's directory holds, as run-all.sh writes them: {@code <block>.txt} (a block's output,
 * with a failed row appended by the script when the block failed), {@code blocks.tsv} (block, exit
 * status, seconds, command; one line per block run), {@code machine.txt} ({@code key value} lines)
 * and {@code load.txt} (the sampler's {@code <instant> <1 min> <5 min> <15 min>} lines).
 *
 * <p>Usage: {@code ResultsTable DIR}; writes {@code DIR/results.md} and prints it.
 */
public final class ResultsTable {
  static final String ROW_PREFIX = "ROW |";
  private static final Pattern SPLIT = Pattern.compile("\\s*\\|\\s*");
  private static final int FIELDS = 8;

  /** One row of the table; {@code block} is the result file it came from. */
  record Row(
      String id,
      String what,
      String backstride,
      String reference,
      String ratio,
      String target,
      String met,
      String block) {}

  /** One block as run-all.sh ran it. */
  record Block(String name, String exit, String seconds, String command) {}

  /**
   * The row a {@code ROW |} line gives; empty for any other line. A line with the wrong number of
   * fields still gives a row, marked as not met, so that a harness's mistake shows in the table
   * instead of vanishing. A failed block's row ({@code ROW | id | what | failed: reason}) may stop
   * after the reason.
   */
  static Optional<Row> parse(String line, String block) {
    if (!line.startsWith(ROW_PREFIX)) {
      return Optional.empty();
    }
    String body = line.substring(ROW_PREFIX.length()).strip();
    List<String> f = new ArrayList<>(List.of(SPLIT.split(body, -1)));
    boolean failed = f.size() >= 3 && f.get(2).startsWith("failed:");
    if (f.size() != FIELDS - 1 && !(failed && f.size() < FIELDS - 1)) {
      String id = f.isEmpty() || f.get(0).isEmpty() ? "?" : f.get(0);
      return Optional.of(
          new Row(
              id,
              "malformed ROW line (" + f.size() + " fields, not " + (FIELDS - 1) + "): " + body,
              "-",
              "-",
              "-",
              "-",
              "no",
              block));
    }
    while (f.size() < FIELDS - 1) {
      f.add(failed && f.size() == FIELDS - 2 ? "no" : "-");
    }
    return Optional.of(
        new Row(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), f.get(6), block));
  }

  /**
   * Target ids in the order of the issue: dotted numbers numerically ({@code 15.2} before {@code
   * 15.10}), then anything else (e.g. {@code earlier}) alphabetically.
   */
  static final Comparator<String> BY_TARGET_ID = ResultsTable::compareIds;

  private static int compareIds(String a, String b) {
    boolean na = a.matches("\\d+(\\.\\d+)*");
    boolean nb = b.matches("\\d+(\\.\\d+)*");
    if (na != nb) {
      return na ? -1 : 1;
    }
    if (!na) {
      return a.compareTo(b);
    }
    String[] pa = a.split("\\.");
    String[] pb = b.split("\\.");
    for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
      int c = Long.compare(Long.parseLong(pa[i]), Long.parseLong(pb[i]));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(pa.length, pb.length);
  }

  /** Every row of the outputs (block name to its lines, in run order), sorted by target id. */
  static List<Row> rows(Map<String, List<String>> outputs) {
    List<Row> rows = new ArrayList<>();
    outputs.forEach((block, lines) -> lines.forEach(l -> parse(l, block).ifPresent(rows::add)));
    rows.sort(Comparator.comparing(Row::id, BY_TARGET_ID)); // stable: run order within an id
    return rows;
  }

  /** The table, with the command of each row's block ({@code not recorded} if it has none). */
  static List<String> table(List<Row> rows, Map<String, Block> blocks) {
    List<String> out = new ArrayList<>();
    out.add("| target | what | backstride | reference | ratio | target | met? | command |");
    out.add("|---|---|---|---|---|---|---|---|");
    for (Row r : rows) {
      Block b = blocks.get(r.block());
      String command =
          b == null
              ? "not recorded (" + r.block() + ".txt)"
              : "`" + b.command().replace("`", "'") + "`";
      out.add(
          "| "
              + String.join(
                  " | ",
                  Stream.of(
                          r.id(),
                          r.what(),
                          r.backstride(),
                          r.reference(),
                          r.ratio(),
                          r.target(),
                          r.met().equals("no") ? "**no**" : r.met(),
                          command)
                      .map(ResultsTable::cell)
                      .toList())
              + " |");
    }
    return out;
  }

  /** A table cell: a pipe would end the cell, a line break the row. */
  private static String cell(String text) {
    return text.replace("\r", " ").replace("\n", " ").replace("|", "\\|");
  }

  /**
   * The machine line: cores, JDK, commit, start and end, the load average at both ends and as
   * sampled during the run.
   */
  static String machine(Map<String, String> machine, List<String> loadSamples) {
    StringBuilder s = new StringBuilder();
    String only = machine.get("only");
    if (only != null) {
      // a partial run must not pass for the whole one
      s.append("**Only the blocks ").append(only).append("** (`RUN_ALL_ONLY`). ");
    }
    s.append("Commit `").append(machine.getOrDefault("commit", "unknown")).append('`');
    if ("yes".equals(machine.get("dirty"))) {
      s.append(" with uncommitted changes");
    }
    String started = machine.get("started");
    String finished = machine.get("finished");
    s.append(", ").append(started == null ? "start unknown" : started);
    s.append(" to ").append(finished == null ? "unfinished" : finished);
    if (started != null && finished != null) {
      Duration d = Duration.between(Instant.parse(started), Instant.parse(finished));
      s.append(Stats.format(" (%d min %02d s)", d.toMinutes(), d.toSecondsPart()));
    }
    s.append("; ").append(machine.getOrDefault("cores", "?")).append(" cores");
    s.append(", ").append(machine.getOrDefault("java", "JDK unknown"));
    s.append(". Load average (1 min) ")
        .append(firstOf(machine.get("load-start")))
        .append(" at the start, ")
        .append(firstOf(machine.get("load-end")))
        .append(" at the end");
    List<Double> values = new ArrayList<>();
    List<String> instants = new ArrayList<>();
    for (String line : loadSamples) {
      String[] p = line.strip().split("\\s+");
      if (p.length >= 2) {
        try {
          values.add(Double.parseDouble(p[1]));
          instants.add(p[0]);
        } catch (NumberFormatException notASample) {
          // a line cut off when the sampler was stopped
        }
      }
    }
    if (values.isEmpty()) {
      s.append("; not sampled during the run.");
    } else {
      int peak = 0;
      for (int i = 1; i < values.size(); i++) {
        if (values.get(i) > values.get(peak)) {
          peak = i;
        }
      }
      s.append(
          Stats.format(
              "; sampled during the run (%d samples, every %s s): median %.2f, max %.2f at %s.",
              values.size(),
              machine.getOrDefault("load-every", "?"),
              Stats.median(values),
              values.get(peak),
              instants.get(peak)));
    }
    return s.toString();
  }

  private static String firstOf(String load) {
    return load == null || load.isBlank() ? "?" : load.strip().split("\\s+")[0];
  }

  /** The blocks as run, with their exit status and time. */
  static List<String> blockTable(Map<String, Block> blocks) {
    List<String> out = new ArrayList<>();
    out.add("| block | exit | seconds | command |");
    out.add("|---|---:|---:|---|");
    blocks
        .values()
        .forEach(
            b ->
                out.add(
                    "| "
                        + String.join(
                            " | ",
                            Stream.of(b.name(), b.exit(), b.seconds(), "`" + b.command() + "`")
                                .map(ResultsTable::cell)
                                .toList())
                        + " |"));
    return out;
  }

  /** The whole page. */
  static List<String> page(
      Map<String, String> machine,
      List<String> loadSamples,
      Map<String, Block> blocks,
      Map<String, List<String>> outputs) {
    List<String> out = new ArrayList<>();
    out.add(machine(machine, loadSamples));
    out.add("");
    out.addAll(table(rows(outputs), blocks));
    out.add("");
    out.add("Blocks in the order they ran:");
    out.add("");
    out.addAll(blockTable(blocks));
    return out;
  }

  static Map<String, Block> blocks(List<String> tsv) {
    Map<String, Block> blocks = new LinkedHashMap<>();
    for (String line : tsv) {
      String[] p = line.split("\t", 4);
      if (p.length == 4) {
        blocks.put(p[0], new Block(p[0], p[1], p[2], p[3]));
      }
    }
    return blocks;
  }

  static Map<String, String> keyValues(List<String> lines) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : lines) {
      String[] p = line.split(" ", 2);
      if (!p[0].isEmpty()) {
        values.put(p[0], p.length > 1 ? p[1].strip() : "");
      }
    }
    return values;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ResultsTable RESULTS_DIR");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Map<String, Block> blocks = blocks(lines(dir.resolve("blocks.tsv")));
    Map<String, List<String>> outputs = new LinkedHashMap<>();
    for (String name : blocks.keySet()) {
      outputs.put(name, lines(dir.resolve(name + ".txt")));
    }
    try (Stream<Path> files = Files.list(dir)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".txt") && !n.equals("machine.txt") && !n.equals("load.txt"))
          .map(n -> n.substring(0, n.length() - ".txt".length()))
          .sorted()
          .filter(n -> !outputs.containsKey(n))
          .forEach(n -> outputs.put(n, lines(dir.resolve(n + ".txt"))));
    }
    List<String> page =
        page(
            keyValues(lines(dir.resolve("machine.txt"))),
            lines(dir.resolve("load.txt")),
            blocks,
            outputs);
    Files.write(dir.resolve("results.md"), page, StandardCharsets.UTF_8);
    page.forEach(System.out::println);
  }

  private static List<String> lines(Path file) {
    try {
      // a harness's output may hold bytes that are not UTF-8 (a log line): replaced, not fatal
      return Files.exists(file)
          ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList()
          : List.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private ResultsTable() {}
}
