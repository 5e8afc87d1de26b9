package io.backstride.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The activity readers of two or more builds, or on two StAX stacks, measured in one JVM by turns:
 * each contestant reads the file for a slice of the thread's CPU time, then the next, round after
 * round, so that load from other processes falls on all of them alike, and JIT warm-up is counted
 * in CPU time rather than in wall-clock seconds (on a loaded machine a JMH warm-up of a few seconds
 * gets a fraction of a core and ends before the compiler is done). Each build is loaded in its own
 * class loader from its {@code lib/} directory ({@code benchmarks/target/lib}, or a copy of an
 * older build's), so that before and after run side by side.
 *
 * <p>Usage: {@code ReaderAb FILE SLICE_MS ROUNDS DROP CONTESTANT...}, a contestant being {@code
 * BUILD_DIR:gpx/AALTO}, {@code :gpx/JDK}, {@code :tcx/AALTO}, {@code :tcx/JDK}, {@code :fit} or
 * {@code :sdk} (the FIT SDK's bare decode, its listener a no-op proxy). Prints each contestant's
 * CPU milliseconds per read, median (min-max) over the rounds after the first {@code DROP}, and
 * each one's speed relative to the first, the median of the per-round ratios.
 */
public final class ReaderAb {
  /** One read of the file by one contestant. */
  @FunctionalInterface
  private interface Read {
    Object of(byte[] file) throws Exception;
  }

  private static final Map<String, ClassLoader> BUILDS = new HashMap<>();

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println("usage: ReaderAb FILE SLICE_MS ROUNDS DROP BUILD_DIR:MODE...");
      System.exit(2);
    }
    byte[] file = Files.readAllBytes(Path.of(args[0]));
    long sliceNanos = Long.parseLong(args[1]) * 1_000_000L;
    int rounds = Integer.parseInt(args[2]);
    int drop = Integer.parseInt(args[3]);
    List<String> names = new ArrayList<>();
    List<Read> reads = new ArrayList<>();
    for (int i = 4; i < args.length; i++) {
      int colon = args[i].lastIndexOf(':');
      names.add(args[i]);
      reads.add(read(args[i].substring(0, colon), args[i].substring(colon + 1)));
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[][] millis = new double[reads.size()][rounds];
    Object last = null;
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < reads.size(); k++) {
        // every other round backwards, so that no contestant always follows the same one
        int c = round % 2 == 0 ? k : reads.size() - 1 - k;
        long start = threads.getCurrentThreadCpuTime();
        long count = 0;
        while (threads.getCurrentThreadCpuTime() - start < sliceNanos) {
          last = reads.get(c).of(file);
          count++;
        }
        millis[c][round] = (threads.getCurrentThreadCpuTime() - start) / 1e6 / count;
      }
    }
    System.out.println(
        "CPU ms per read, median (min-max) of rounds %d-%d of %d, load average %s"
            .formatted(
                drop + 1, rounds, rounds, Files.readString(Path.of("/proc/loadavg")).trim()));
    for (int k = 0; k < reads.size(); k++) {
      List<Double> kept = kept(millis[k], drop);
      System.out.println("  %-40s %s".formatted(names.get(k), spread(kept, "%.3f")));
    }
    for (int k = 1; k < reads.size(); k++) {
      List<Double> ratios = new ArrayList<>();
      for (int round = drop; round < rounds; round++) {
        ratios.add(millis[k][round] / millis[0][round]);
      }
      System.out.println(
          "  %s over %s: %sx".formatted(names.get(0), names.get(k), spread(ratios, "%.2f")));
    }
    if (last == null) {
      throw new IllegalStateException("nothing was read");
    }
  }

  private static List<Double> kept(double[] values, int drop) {
    List<Double> kept = new ArrayList<>();
    for (int i = drop; i < values.length; i++) {
      kept.add(values[i]);
    }
    return kept;
  }

  private static String spread(List<Double> values, String format) {
    double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    return Stats.format(
        format + " (" + format + "-" + format + ")", Stats.median(values), min, max);
  }

  private static Read read(String build, String mode) throws Exception {
    ClassLoader loader = build(build);
    String[] parts = mode.split("/");
    switch (parts[0]) {
      case "gpx", "tcx" -> {
        Class<?> stax = Class.forName("io.backstride.ingest.xml.SecureXml$Stax", true, loader);
        Object which = stax.getMethod("valueOf", String.class).invoke(null, parts[1]);
        Class<?> type =
            Class.forName(
                parts[0].equals("gpx")
                    ? "io.backstride.ingest.gpx.GpxReader"
                    : "io.backstride.ingest.tcx.TcxReader",
                true,
                loader);
        Object reader = type.getConstructor(stax).newInstance(which);
        Method read = type.getMethod("read", InputStream.class);
        return file -> read.invoke(reader, new ByteArrayInputStream(file));
      }
      case "fit" -> {
        Class<?> type = Class.forName("io.backstride.ingest.fit.FitReader", true, loader);
        Object reader = type.getConstructor().newInstance();
        Method read = type.getMethod("read", InputStream.class);
        return file -> read.invoke(reader, new ByteArrayInputStream(file));
      }
      case "sdk" -> {
        Class<?> decode = Class.forName("com.garmin.fit.Decode", true, loader);
        Class<?> listenerType = Class.forName("com.garmin.fit.MesgListener", true, loader);
        Object listener =
            Proxy.newProxyInstance(
                loader, new Class<?>[] {listenerType}, (proxy, method, arguments) -> null);
        Method read = decode.getMethod("read", InputStream.class, listenerType);
        return file ->
            read.invoke(
                decode.getConstructor().newInstance(), new ByteArrayInputStream(file), listener);
      }
      default -> throw new IllegalArgumentException("unknown contestant " + mode);
    }
  }

  /** A class loader of the build's jars, created once per build directory. */
  private static ClassLoader build(String dir) throws IOException {
    ClassLoader loader = BUILDS.get(dir);
    if (loader == null) {
      List<URL> jars = new ArrayList<>();
      try (Stream<Path> files = Files.list(Path.of(dir, "lib"))) {
        for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
          jars.add(jar.toUri().toURL());
        }
      }
      loader = new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
      BUILDS.put(dir, loader);
    }
    return loader;
  }

  private ReaderAb() {}
}
