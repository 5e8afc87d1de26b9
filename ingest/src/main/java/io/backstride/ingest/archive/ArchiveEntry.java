package io.backstride.ingest.archive;

/**
 * One activity file inside a zip archive or a folder.
 *
 * @param name its path relative to the archive or folder, with {@code /} separators; checked to
 *     stay inside (no {@code ..}, no absolute path), so it is safe to show or to key progress by
 * @param size its size as declared (the folder's file size, the zip's central directory), or -1
 *     when the zip does not say; {@link ActivityArchive#open} enforces the caps whatever it says
 */
public record ArchiveEntry(String name, long size) {}
