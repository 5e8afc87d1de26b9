package io.backstride.streams;

import io.backstride.schemas.ActivityKey;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Puts a record keyed {@code athleteId:activityId} (or just {@code athleteId}) in the partition
 * that the default partitioner gives the athlete id alone. So an athlete's activity summaries share
 * one partition, like everything else keyed by athlete, and every later stage sees one athlete's
 * changes in the order they happened. Keyed by the whole activity key, one athlete's runs would be
 * spread over partitions and reach the trends in any order, and the rules would see trends built
 * from half a history.
 */
final class ByAthletePartitioner<V> implements StreamPartitioner<String, V> {

  @Override
  public Optional<Set<Integer>> partitions(String topic, String key, V value, int numPartitions) {
    byte[] bytes = ActivityKey.athleteOf(key).getBytes(StandardCharsets.UTF_8);
    return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(bytes)) % numPartitions));
  }
}
