package io.backstride.streams.query;

import io.backstride.core.load.LoadHistory;
import io.backstride.streams.StoreNames;
import io.backstride.streams.state.AthleteState;
import java.time.ZoneId;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Finds an athlete's days in the {@code athlete-loads} store of a running Streams application. The
 * store is keyed and partitioned by athlete, so the athlete id names the partition and therefore
 * the instance that owns it.
 */
public final class StreamsAthleteDays implements AthleteDays {
  private final KafkaStreams streams;
  private final HostInfo self;
  private final ZoneId defaultZone;

  /**
   * @param defaultZone the calendar of athletes whose profile names no zone
   */
  public StreamsAthleteDays(KafkaStreams streams, HostInfo self, ZoneId defaultZone) {
    this.streams = streams;
    this.self = self;
    this.defaultZone = defaultZone;
  }

  @Override
  public Location locate(String athleteId) {
    KeyQueryMetadata owner;
    try {
      owner =
          streams.queryMetadataForKey(
              StoreNames.ATHLETE_LOADS, athleteId, Serdes.String().serializer());
    } catch (IllegalStateException e) {
      return new Unavailable("the application is not running: " + e.getMessage());
    }
    if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      return new Unavailable("no instance owns the athlete's partition just now");
    }
    if (!owner.activeHost().equals(self)) {
      return new Remote("http://" + owner.activeHost().host() + ":" + owner.activeHost().port());
    }
    try {
      ReadOnlyKeyValueStore<String, AthleteState> store =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                      StoreNames.ATHLETE_LOADS,
                      QueryableStoreTypes.<String, AthleteState>keyValueStore())
                  .withPartition(owner.partition()));
      AthleteState state = store.get(athleteId);
      return new Local((state == null ? AthleteState.EMPTY : state).history(defaultZone));
    } catch (InvalidStateStoreException e) {
      return new Unavailable("the store is migrating or restoring: " + e.getMessage());
    }
  }

  @Override
  public Optional<LoadHistory> standbyCopy(String athleteId) {
    KeyQueryMetadata owner;
    try {
      owner =
          streams.queryMetadataForKey(
              StoreNames.ATHLETE_LOADS, athleteId, Serdes.String().serializer());
    } catch (IllegalStateException e) {
      return Optional.empty();
    }
    if (owner == null
        || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)
        || !owner.standbyHosts().contains(self)) {
      return Optional.empty();
    }
    try {
      ReadOnlyKeyValueStore<String, AthleteState> store =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                      StoreNames.ATHLETE_LOADS,
                      QueryableStoreTypes.<String, AthleteState>keyValueStore())
                  .withPartition(owner.partition())
                  .enableStaleStores());
      AthleteState state = store.get(athleteId);
      // a standby without the athlete may only lag behind: no answer rather than "no runs"
      return state == null ? Optional.empty() : Optional.of(state.history(defaultZone));
    } catch (InvalidStateStoreException e) {
      return Optional.empty();
    }
  }
}
