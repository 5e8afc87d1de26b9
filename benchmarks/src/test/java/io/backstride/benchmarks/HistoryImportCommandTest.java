package io.backstride.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness runs the commands through the launcher or not at all. */
class HistoryImportCommandTest {
  @TempDir Path root;

  @Test
  void aMissingLauncherStopsTheHarnessNamingWhereItLooked() {
    Path launcher = root.resolve("backstride");

    assertThatThrownBy(() -> HistoryImport.Command.check(launcher))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no launcher at " + launcher)
        .hasMessageContaining("run it from the repository root");
  }

  @Test
  void aLauncherWithoutItsJarStopsTheHarnessSayingHowToBuildIt() throws Exception {
    Path launcher = executable(root.resolve("backstride"));

    assertThatThrownBy(() -> HistoryImport.Command.check(launcher))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(root.resolve("cli/target/backstride.jar").toString())
        .hasMessageContaining("build it first");
  }

  @Test
  void theCommandsRunThroughTheLauncherWithTheirArguments() throws Exception {
    // a stand-in launcher that prints what it was given: the harness must start it, not java
    Path launcher = root.resolve("backstride");
    Files.writeString(launcher, "#!/bin/sh\necho \"launched with: $*\"\n");
    executable(launcher);
    Files.createDirectories(root.resolve("cli/target"));
    Files.writeString(root.resolve("cli/target/backstride.jar"), "");

    HistoryImport.Ran ran =
        HistoryImport.Command.check(launcher).run(root, "analyze", "four", "--json");

    assertThat(ran.code()).isZero();
    assertThat(ran.out()).isEqualTo("launched with: analyze four --json\n");
  }

  private static Path executable(Path file) throws Exception {
    if (!Files.exists(file)) {
      Files.writeString(file, "#!/bin/sh\n");
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
