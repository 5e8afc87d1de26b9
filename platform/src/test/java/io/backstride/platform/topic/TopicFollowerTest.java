package io.backstride.platform.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.platform.KafkaConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The follower's decisions, on Kafka's MockConsumer: no broker. */
class TopicFollowerTest {
  private static final String TOPIC = "profiles";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
  private static final Duration LONG = Duration.ofSeconds(10);
  private static final Duration SHORT = Duration.ofMillis(300);

  private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
  private final Map<String, String> held = new ConcurrentHashMap<>();
  private TopicFollower<String> follower;

  @AfterEach
  void close() {
    if (follower != null) {
      follower.close();
    }
  }

  @Test
  void keepsTheLatestValueRemovesTombstonedKeysAndSkipsKeylessRecords() {
    twoPartitions(Map.of(P0, 3L, P1, 1L));
    consumer.schedulePollTask(
        () -> {
          consumer.addRecord(record(P0, 0, "ana", "v1"));
          consumer.addRecord(record(P0, 1, "ana", "v2"));
          consumer.addRecord(record(P0, 2, null, "keyless"));
          consumer.addRecord(record(P1, 0, "ben", "v1"));
        });
    follow(List.of(TOPIC));

    assertThat(follower.awaitCaughtUp(LONG)).isTrue();
    assertThat(held).containsOnly(Map.entry("ana", "v2"), Map.entry("ben", "v1"));

    consumer.schedulePollTask(() -> consumer.addRecord(record(P1, 1, "ben", null)));
    consumer.updateEndOffsets(Map.of(P1, 2L));
    assertThat(follower.awaitCaughtUp(LONG)).isTrue();
    assertThat(held).containsOnly(Map.entry("ana", "v2"));
  }

  @Test
  void doesNotCallItselfCaughtUpBeforeTheRecordsUpToTheEndAreRead() {
    twoPartitions(Map.of(P0, 2L, P1, 0L));
    // the end says two records; only the first ever arrives
    consumer.schedulePollTask(() -> consumer.addRecord(record(P0, 0, "ana", "v1")));
    follow(List.of(TOPIC));

    assertThat(follower.awaitCaughtUp(SHORT)).isFalse();
    assertThat(held).containsOnly(Map.entry("ana", "v1"));
  }

  @Test
  void aWriteAcknowledgedBeforeTheCallIsSeenByIt() {
    twoPartitions(Map.of(P0, 0L, P1, 0L));
    follow(List.of(TOPIC));
    assertThat(follower.awaitCaughtUp(LONG)).isTrue();

    // acknowledged: the end has moved, and the record reaches the consumer on a later poll
    consumer.updateEndOffsets(Map.of(P0, 1L));
    consumer.schedulePollTask(() -> {});
    consumer.schedulePollTask(() -> consumer.addRecord(record(P0, 0, "carla", "v1")));

    assertThat(follower.awaitCaughtUp(LONG)).isTrue();
    assertThat(held).containsEntry("carla", "v1");
  }

  @Test
  void waitsForATopicThatDoesNotExistYet() {
    follow(List.of(TOPIC));
    assertThat(follower.awaitCaughtUp(SHORT)).isFalse();

    twoPartitions(Map.of(P0, 1L, P1, 0L));
    consumer.schedulePollTask(() -> consumer.addRecord(record(P0, 0, "ana", "v1")));

    assertThat(follower.awaitCaughtUp(LONG)).isTrue();
    assertThat(held).containsOnly(Map.entry("ana", "v1"));
  }

  @Test
  void aFollowerThatDiedAnswersAtOnceThatItIsNotCaughtUp() {
    twoPartitions(Map.of(P0, 2L, P1, 0L));
    consumer.schedulePollTask(() -> consumer.addRecord(record(P0, 0, "ana", "v1")));
    follower =
        new TopicFollower<>(
                "dies",
                consumer,
                List.of(TOPIC),
                (key, value) -> {
                  throw new IllegalStateException("the sink broke");
                },
                "nothing, in a test")
            .start();

    long started = System.nanoTime();
    assertThat(follower.awaitCaughtUp(LONG)).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(LONG);
  }

  @Test
  void awaitUntilIsTrueOnceWhatItWaitsForHasBeenRead() {
    twoPartitions(Map.of(P0, 1L, P1, 0L));
    consumer.schedulePollTask(() -> consumer.addRecord(record(P0, 0, "dan", "v1")));
    follow(List.of(TOPIC));

    assertThat(follower.awaitUntil(() -> held.containsKey("dan"), LONG)).isTrue();
    assertThat(follower.awaitUntil(() -> held.containsKey("eve"), SHORT)).isFalse();
  }

  @Test
  void aFollowersFetchWaitsAtTheBrokerNoLongerThanItsPoll() {
    // a longer fetch wait holds up the end-offsets request of every awaitCaughtUp behind it
    assertThat(
            (Integer)
                TopicFollower.consumerConfig(KafkaConnection.plaintext("localhost:9092"), "test")
                    .get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG))
        .isLessThanOrEqualTo(100);
  }

  private void follow(List<String> topics) {
    follower =
        new TopicFollower<>(
                "test",
                consumer,
                topics,
                new TopicFollower.Sink<>() {
                  @Override
                  public void put(String key, String value) {
                    held.put(key, value);
                  }

                  @Override
                  public void remove(String key) {
                    held.remove(key);
                  }
                },
                "nothing, in a test")
            .start();
  }

  private void twoPartitions(Map<TopicPartition, Long> ends) {
    Node node = new Node(0, "localhost", 9092);
    consumer.updatePartitions(
        TOPIC,
        List.of(
            new PartitionInfo(TOPIC, 0, node, new Node[] {node}, new Node[] {node}),
            new PartitionInfo(TOPIC, 1, node, new Node[] {node}, new Node[] {node})));
    consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    consumer.updateEndOffsets(ends);
  }

  private static ConsumerRecord<String, String> record(
      TopicPartition tp, long offset, String key, String value) {
    return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, key, value);
  }
}
