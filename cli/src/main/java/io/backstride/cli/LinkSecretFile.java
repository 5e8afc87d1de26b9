package io.backstride.cli;

import io.backstride.core.links.LinkTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The local stack's link secret ({@code BACKSTRIDE_LINK_SECRET}), generated once and kept in the
 * data directory beside the topics: links in emails sent before a restart keep opening the pages
 * after it, and nobody has to make up a secret to try backstride.
 */
final class LinkSecretFile {
  static final String NAME = "link-secret";

  /** The secret in {@code dataDir}, written (readable by the owner only) when there is none. */
  static String in(Path dataDir) {
    Path file = dataDir.resolve(NAME);
    try {
      Files.createDirectories(dataDir);
      if (!Files.exists(file)) {
        try {
          Files.createFile(file, ownerOnly());
          Files.writeString(file, LinkTokens.newSecret() + "\n", StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException raced) {
          // another start wrote it first: read theirs
        } catch (UnsupportedOperationException noPosix) {
          Files.writeString(file, LinkTokens.newSecret() + "\n", StandardCharsets.UTF_8);
        }
      }
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the link secret in " + file, e);
    }
  }

  private static java.nio.file.attribute.FileAttribute<?> ownerOnly() {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  }

  private LinkSecretFile() {}
}
