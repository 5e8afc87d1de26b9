package io.backstride.streams.query;

import io.backstride.core.load.DailyLoad;
import io.backstride.streams.StoreNames;
import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Finds an athlete's days in the {@code athlete-days} store of a running Streams application. The
 * store is keyed athlete|date but partitioned by athlete (the repartition topic's key), so the
 * athlete id alone names the partition and therefore the instance that owns it.
 */
public final class StreamsAthleteDays implements AthleteDays {
  private final KafkaStreams streams;
  private final HostInfo self;

  public StreamsAthleteDays(KafkaStreams streams, HostInfo self) {
    this.streams = streams;
    this.self = self;
  }

  @Override
  public Location locate(String athleteId) {
    KeyQueryMetadata owner;
    try {
      owner =
          streams.queryMetadataForKey(
              StoreNames.ATHLETE_DAYS, athleteId, Serdes.String().serializer());
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
      ReadOnlyKeyValueStore<String, DailyLoad> store =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                      StoreNames.ATHLETE_DAYS,
                      QueryableStoreTypes.<String, DailyLoad>keyValueStore())
                  .withPartition(owner.partition()));
      NavigableMap<LocalDate, DailyLoad> history = new TreeMap<>();
      String prefix = athleteId + "|";
      try (KeyValueIterator<String, DailyLoad> it = store.range(prefix, athleteId + "|~")) {
        while (it.hasNext()) {
          KeyValue<String, DailyLoad> kv = it.next();
          history.put(LocalDate.parse(kv.key.substring(prefix.length())), kv.value);
        }
      }
      return new Local(history);
    } catch (InvalidStateStoreException e) {
      return new Unavailable("the store is migrating or restoring: " + e.getMessage());
    }
  }
}
