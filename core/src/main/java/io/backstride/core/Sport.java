package io.backstride.core;

import java.util.Locale;
import java.util.Optional;

/** What kind of activity a recording is. Only running counts toward run load. */
public enum Sport {
  RUNNING,
  WALKING,
  HIKING,
  CYCLING,
  OTHER;

  /**
   * Reads the sport names that watch exports use (GPX {@code <type>}, TCX {@code Sport}, FIT {@code
   * session.sport}); empty when the name says nothing we can use, so that the sport is inferred
   * from speed instead.
   */
  public static Optional<Sport> fromExportName(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    String n = name.trim().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
    if (n.contains("run") || n.equals("jogging") || n.equals("1") || n.equals("9")) {
      return Optional.of(RUNNING);
    }
    if (n.contains("walk")) {
      return Optional.of(WALKING);
    }
    if (n.contains("hik") || n.contains("trek")) {
      return Optional.of(HIKING);
    }
    if (n.contains("cycl") || n.contains("bik") || n.contains("ride") || n.equals("2")) {
      return Optional.of(CYCLING);
    }
    return n.equals("other") || n.equals("generic") ? Optional.empty() : Optional.of(OTHER);
  }
}
