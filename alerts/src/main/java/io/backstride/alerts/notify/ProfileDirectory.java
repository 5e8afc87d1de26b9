package io.backstride.alerts.notify;

import io.backstride.avro.AthleteProfile;
import io.backstride.core.profile.Profile;
import io.backstride.platform.KafkaConnection;
import io.backstride.platform.topic.CompactedTopicCache;
import io.backstride.schemas.Topics;
import io.backstride.schemas.codec.ProfileCodec;
import io.backstride.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.Optional;

/**
 * Every athlete's contact details, read from the compacted {@code athlete-profiles.v1} topic into
 * memory by the shared {@link CompactedTopicCache}. Profiles hold the only PII in the pipeline, so
 * they stay here and never travel with alerts.
 */
public final class ProfileDirectory implements AutoCloseable {
  private final CompactedTopicCache<AthleteProfile> cache;

  public ProfileDirectory(KafkaConnection kafka, AvroSerdes avro) {
    this.cache =
        new CompactedTopicCache<>(
            kafka,
            Topics.ATHLETE_PROFILES.name(),
            avro.value(Topics.ATHLETE_PROFILES).deserializer());
  }

  public ProfileDirectory start() {
    cache.start();
    return this;
  }

  /**
   * The athlete's contact, waiting (at most {@code wait}) until the directory has read everything
   * that was on the topic when asked: an alert that follows a profile update sees the update.
   */
  public Optional<AthleteContact> lookup(String athleteId, Duration wait) {
    return cache.lookup(athleteId, wait).map(ProfileCodec::fromAvro).map(ProfileDirectory::contact);
  }

  private static AthleteContact contact(Profile p) {
    return new AthleteContact(
        p.athleteId(),
        Optional.ofNullable(p.email()),
        p.name() == null ? "runner" : p.name(),
        !p.units().equals("mi"),
        p.notifications(),
        p.timeZone());
  }

  @Override
  public void close() {
    cache.close();
  }
}
