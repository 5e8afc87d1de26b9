package io.backstride.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.ingest.ActivityReaders;
import io.backstride.ingest.ParsedActivity;
import io.backstride.ingest.archive.ActivityArchive;
import io.backstride.ingest.archive.ArchiveEntry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryExportTest {
  @TempDir Path dir;

  @Test
  void theSameSeedMakesTheSameExportAndEveryRunReadsAsPlanned() throws Exception {
    List<HistoryExport.Run> plan = HistoryExport.plan(40, HistoryImport.SEED);
    HistoryExport.Written first =
        HistoryExport.write(Files.createDirectories(dir.resolve("a")), plan);
    HistoryExport.Written again =
        HistoryExport.write(
            Files.createDirectories(dir.resolve("b")), HistoryExport.plan(40, HistoryImport.SEED));

    assertThat(Files.readAllBytes(again.zip())).isEqualTo(Files.readAllBytes(first.zip()));
    assertThat(plan).extracting(HistoryExport.Run::kind).contains(HistoryExport.Kind.values());
    assertThat(plan).anyMatch(HistoryExport.Run::gzipped).anyMatch(r -> !r.gzipped());
    assertThat(plan).extracting(HistoryExport.Run::day).doesNotHaveDuplicates().isSorted();
    Map<String, HistoryExport.Run> byName =
        plan.stream().collect(Collectors.toMap(HistoryExport.Run::name, Function.identity()));
    ActivityReaders readers = new ActivityReaders();
    try (ActivityArchive archive = ActivityArchive.open(first.zip())) {
      // activities.csv, profile.csv and the photo are not activities
      assertThat(archive.skipped()).hasSize(3);
      assertThat(archive.entries()).hasSize(40);
      for (ArchiveEntry entry : archive.entries()) {
        HistoryExport.Run run = byName.get(entry.name());
        try (InputStream in = archive.open(entry)) {
          ParsedActivity a = readers.read(in, entry.name());
          assertThat(a.start()).as(entry.name()).isEqualTo(run.start());
          Duration length =
              Duration.between(a.start(), a.samples().get(a.samples().size() - 1).time());
          assertThat(length.toMinutes()).as(entry.name()).isBetween(39L, 90L);
        }
      }
    }
  }
}
