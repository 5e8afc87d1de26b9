package io.backstride.ingest.archive;

import io.backstride.ingest.limits.ByteCap;
import io.backstride.ingest.limits.LimitedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The activity files of a history export, for bulk import: a zip archive (a Strava or Garmin
 * export) or a folder. Lists the entries ending in {@code .gpx}, {@code .tcx} or {@code .fit} (each
 * also gzipped), in name order, and opens them one at a time; everything else is listed in {@link
 * #skipped()} with the reason.
 *
 * <pre>{@code
 * try (ActivityArchive archive = ActivityArchive.open(path)) {
 *   for (ArchiveEntry entry : archive.entries()) {
 *     try (InputStream in = archive.open(entry)) { ... }
 *   }
 * }
 * }</pre>
 *
 * <p>An archive is untrusted input like an upload: there is a cap on the number of entries, on the
 * unpacked bytes of each entry and on the ratio of unpacked to packed bytes (a zip bomb is stopped
 * while reading, whatever its directory declares), and an entry whose name would leave the archive
 * ({@code ../}, an absolute path: "zip slip") is skipped. Nothing is ever extracted to disk. Nested
 * archives (Garmin's export holds zips inside the zip) are not opened. Not thread-safe: one reader
 * at a time.
 */
public final class ActivityArchive implements Closeable {
  private static final Pattern ACTIVITY = Pattern.compile(".*\\.(gpx|tcx|fit)(\\.gz)?");

  /** Unpacked bytes an entry may always have, whatever its ratio: tiny files compress oddly. */
  private static final long FREE_BYTES = 1024 * 1024;

  private final Path path;
  private final ZipFile zip;
  private final Limits limits;
  private final List<ArchiveEntry> entries;
  private final List<Skipped> skipped;

  /** All entries together, against the archive's size on disk. */
  private final ByteCap total;

  /**
   * Caps on one archive.
   *
   * @param maxEntries entries (of any kind) an archive or folder may hold
   * @param maxEntryBytes unpacked bytes of one entry
   * @param maxRatio unpacked bytes per packed byte, per entry and over the whole archive
   */
  public record Limits(int maxEntries, long maxEntryBytes, int maxRatio) {
    /** 100,000 entries (ten years of daily runs, plus photos), 64 MiB an entry, 100:1. */
    public static final Limits DEFAULT = new Limits(100_000, 64L * 1024 * 1024, 100);
  }

  /** A file that is not imported, and why. */
  public record Skipped(String name, String reason) {}

  private ActivityArchive(
      Path path, ZipFile zip, Limits limits, List<ArchiveEntry> entries, List<Skipped> skipped)
      throws IOException {
    this.path = path;
    this.zip = zip;
    this.limits = limits;
    this.entries = List.copyOf(entries);
    this.skipped = List.copyOf(skipped);
    this.total =
        ByteCap.of(
            zip == null
                ? Long.MAX_VALUE // a folder's files are not packed: only the per-entry cap applies
                : Math.max(FREE_BYTES, Files.size(path) * limits.maxRatio()),
            path + " unpacks to more than " + limits.maxRatio() + " times its size");
  }

  /** Opens a zip file or a folder with the default limits. */
  public static ActivityArchive open(Path path) throws IOException {
    return open(path, Limits.DEFAULT);
  }

  /**
   * Opens a zip file or a folder and lists its activity files.
   *
   * @throws IOException when it cannot be read, is not a zip, or holds too many entries
   */
  public static ActivityArchive open(Path path, Limits limits) throws IOException {
    List<ArchiveEntry> entries = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    if (Files.isDirectory(path)) {
      listFolder(path, limits, entries, skipped);
      return new ActivityArchive(path, null, limits, entries, skipped);
    }
    ZipFile zip;
    try {
      zip = new ZipFile(path.toFile());
    } catch (ZipException e) {
      throw new IOException(path + " is neither a folder nor a zip archive: " + e.getMessage(), e);
    }
    try {
      if (zip.size() > limits.maxEntries()) {
        throw new IOException(
            path + " holds " + zip.size() + " entries, more than " + limits.maxEntries());
      }
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        ZipEntry entry = all.nextElement();
        if (!entry.isDirectory()) {
          classify(entry.getName(), entry.getSize(), limits, entries, skipped);
        }
      }
      entries.sort((a, b) -> a.name().compareTo(b.name()));
      return new ActivityArchive(path, zip, limits, entries, skipped);
    } catch (IOException | RuntimeException e) {
      zip.close();
      throw e;
    }
  }

  /** The activity files of a zip or folder, in name order. */
  public static List<ArchiveEntry> list(Path path) throws IOException {
    try (ActivityArchive archive = open(path)) {
      return archive.entries();
    }
  }

  /** The activity files, in name order. */
  public List<ArchiveEntry> entries() {
    return entries;
  }

  /** The files that are not imported (not an activity, an unsafe name, declared too large). */
  public List<Skipped> skipped() {
    return skipped;
  }

  /**
   * The bytes of one entry as stored (a {@code .gz} entry stays gzipped), capped: a read beyond the
   * caps fails with an {@link IOException} naming the entry.
   */
  public InputStream open(ArchiveEntry entry) throws IOException {
    if (!entries.contains(entry)) {
      throw new IllegalArgumentException("not an entry of " + path + ": " + entry.name());
    }
    if (zip == null) {
      Path file = path.resolve(entry.name()).normalize();
      if (!file.startsWith(path.normalize())) {
        throw new IOException(entry.name() + " lies outside " + path); // listed names never do
      }
      return capped(Files.newInputStream(file), entry.name(), limits.maxEntryBytes());
    }
    ZipEntry zipEntry = zip.getEntry(entry.name());
    if (zipEntry == null) {
      throw new IOException(entry.name() + " is no longer in " + path);
    }
    long packed = zipEntry.getCompressedSize();
    long cap =
        packed < 0
            ? limits.maxEntryBytes()
            : Math.min(limits.maxEntryBytes(), Math.max(FREE_BYTES, packed * limits.maxRatio()));
    return capped(zip.getInputStream(zipEntry), entry.name(), cap);
  }

  /** One entry under its own cap and the archive's. */
  private InputStream capped(InputStream entry, String name, long cap) {
    return new LimitedInputStream(
        entry, ByteCap.of(cap, name + " unpacks to more than " + cap + " bytes"), total);
  }

  @Override
  public void close() throws IOException {
    if (zip != null) {
      zip.close();
    }
  }

  private static void listFolder(
      Path root, Limits limits, List<ArchiveEntry> entries, List<Skipped> skipped)
      throws IOException {
    List<Path> files;
    // Files.walk does not follow symbolic links: a link cannot lead the import out of the folder.
    try (Stream<Path> walk = Files.walk(root)) {
      files =
          walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
              .limit(limits.maxEntries() + 1L)
              .sorted()
              .toList();
    }
    if (files.size() > limits.maxEntries()) {
      throw new IOException(root + " holds more than " + limits.maxEntries() + " files");
    }
    for (Path file : files) {
      String name =
          root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
      classify(name, Files.size(file), limits, entries, skipped);
    }
    entries.sort((a, b) -> a.name().compareTo(b.name()));
  }

  private static void classify(
      String name, long size, Limits limits, List<ArchiveEntry> entries, List<Skipped> skipped) {
    if (!isSafe(name)) {
      skipped.add(new Skipped(name, "unsafe name: it would lie outside the archive"));
    } else if (!ACTIVITY.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
      skipped.add(new Skipped(name, "not an activity file"));
    } else if (size > limits.maxEntryBytes()) {
      skipped.add(
          new Skipped(name, "declares " + size + " bytes, more than " + limits.maxEntryBytes()));
    } else {
      entries.add(new ArchiveEntry(name, size));
    }
  }

  /**
   * Whether a name stays inside the archive wherever it is extracted: relative, no {@code ..}
   * segment, no Windows drive or separator (which a Windows tool would honour), no NUL.
   */
  static boolean isSafe(String name) {
    if (name.isEmpty()
        || name.length() > 1024
        || name.startsWith("/")
        || name.indexOf('\\') >= 0
        || name.indexOf('\0') >= 0
        || name.indexOf(':') >= 0) {
      return false;
    }
    for (String segment : name.split("/", -1)) {
      if (segment.equals("..")) {
        return false;
      }
    }
    return true;
  }
}
