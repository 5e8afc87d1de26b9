package io.backstride.ingest;

import io.backstride.avro.AthleteProfile;
import java.util.Optional;

/**
 * The read side of profiles for {@code GET /v1/athletes/{id}}: the latest profile stored for an
 * athlete, as far as the reader has caught up (see {@code CompactedTopicCache}).
 */
@FunctionalInterface
public interface ProfileLookup {

  /** The stored profile, or empty when there is none (or none could be read in time). */
  Optional<AthleteProfile> find(String athleteId);

  /** A lookup that knows no profile: for an API built without a read side. */
  static ProfileLookup none() {
    return athleteId -> Optional.empty();
  }
}
