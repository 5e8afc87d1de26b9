package io.backstride.ingest.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backstride.ingest.ActivityReaders;
import io.backstride.ingest.TestFiles;
import io.backstride.ingest.archive.ActivityArchive.Skipped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivityArchiveTest {
  @TempDir Path dir;

  @Test
  void listsTheActivityFilesOfAZipInNameOrderAndSkipsTheRest() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("activities/2.fit.gz", TestFiles.gzip(TestFiles.sample("2013-02-06-12-11-14.fit")));
    files.put("activities/1.GPX", TestFiles.sample("korita-zbevnica.gpx"));
    files.put("activities/3.tcx", TestFiles.sample("forerunner410-run.tcx"));
    files.put("profile.json", "{}".getBytes(StandardCharsets.UTF_8));
    files.put("media/photo.jpg", new byte[] {1, 2, 3});
    Path zip = zip(files);

    try (ActivityArchive archive = ActivityArchive.open(zip)) {
      assertThat(archive.entries())
          .extracting(ArchiveEntry::name)
          .containsExactly("activities/1.GPX", "activities/2.fit.gz", "activities/3.tcx");
      assertThat(archive.skipped())
          .containsExactlyInAnyOrder(
              new Skipped("profile.json", "not an activity file"),
              new Skipped("media/photo.jpg", "not an activity file"));
      ActivityReaders readers = new ActivityReaders();
      for (ArchiveEntry entry : archive.entries()) {
        try (InputStream in = archive.open(entry)) {
          assertThat(readers.read(in, entry.name()).samples()).isNotEmpty();
        }
      }
    }
  }

  @Test
  void zipSlipNamesAreSkippedNotListed() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    byte[] gpx = TestFiles.sample("korita-zbevnica.gpx");
    for (String name :
        new String[] {
          "../../etc/evil.gpx",
          "/abs/evil.gpx",
          "a/../../evil.gpx",
          "C:/windows/evil.fit",
          "..\\evil.tcx",
          "ok/run.gpx"
        }) {
      files.put(name, gpx);
    }

    try (ActivityArchive archive = ActivityArchive.open(zip(files))) {
      assertThat(archive.entries()).extracting(ArchiveEntry::name).containsExactly("ok/run.gpx");
      assertThat(archive.skipped())
          .hasSize(5)
          .allSatisfy(s -> assertThat(s.reason()).startsWith("unsafe name"));
    }
  }

  @Test
  void anEntryUnpackingBeyondTheRatioCapFailsWhileReading() throws Exception {
    byte[] zeros = new byte[20 * 1024 * 1024]; // packs about 1000:1
    Path zip = zip(Map.of("bomb.gpx", zeros));

    try (ActivityArchive archive = ActivityArchive.open(zip)) {
      ArchiveEntry bomb = archive.entries().get(0);
      assertThatThrownBy(
              () -> {
                try (InputStream in = archive.open(bomb)) {
                  in.transferTo(OutputStream.nullOutputStream());
                }
              })
          .isInstanceOf(IOException.class)
          .hasMessageContaining("bomb.gpx unpacks to more than");
    }
  }

  @Test
  void tooManyEntriesAreRefusedBeforeAnythingIsRead() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < 11; i++) {
      files.put(i + ".gpx", new byte[] {'<'});
    }
    Path zip = zip(files);

    assertThatThrownBy(() -> ActivityArchive.open(zip, new ActivityArchive.Limits(10, 1000, 100)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("holds 11 entries, more than 10");
  }

  @Test
  void readsAFolderRecursivelyWithRelativeNames() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("export/2024"));
    Files.write(folder.resolve("run.tcx"), TestFiles.sample("forerunner410-run.tcx"));
    Files.writeString(dir.resolve("export/readme.txt"), "hi");

    try (ActivityArchive archive = ActivityArchive.open(dir.resolve("export"))) {
      assertThat(archive.entries()).extracting(ArchiveEntry::name).containsExactly("2024/run.tcx");
      assertThat(archive.skipped()).extracting(Skipped::name).containsExactly("readme.txt");
      try (InputStream in = archive.open(archive.entries().get(0))) {
        assertThat(new ActivityReaders().read(in).format()).isEqualTo("tcx");
      }
    }
    assertThat(ActivityArchive.list(dir.resolve("export"))).hasSize(1);
  }

  @Test
  void aFileThatIsNeitherZipNorFolderIsRefused() throws Exception {
    Path notZip = Files.writeString(dir.resolve("run.gpx"), "<gpx/>");

    assertThatThrownBy(() -> ActivityArchive.open(notZip))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("neither a folder nor a zip archive");
  }

  private Path zip(Map<String, byte[]> files) throws IOException {
    Path zip = Files.createTempFile(dir, "export", ".zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        out.putNextEntry(new ZipEntry(file.getKey()));
        out.write(file.getValue());
        out.closeEntry();
      }
    }
    return zip;
  }
}
