package io.backstride.alerts.notify;

import io.backstride.avro.AthleteProfile;
import io.backstride.avro.Units;
import io.backstride.schemas.Topics;
import io.backstride.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every athlete's contact details, read from the compacted {@code athlete-profiles.v1} topic into
 * memory by a thread of its own. Profiles hold the only PII in the pipeline, so they stay here and
 * never travel with alerts.
 */
public final class ProfileDirectory implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProfileDirectory.class);

  private final KafkaConsumer<String, AthleteProfile> consumer;
  private final Admin admin;
  private final ConcurrentMap<String, AthleteContact> contacts = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Long> position = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  public ProfileDirectory(String bootstrapServers, AvroSerdes avro) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer =
        new KafkaConsumer<>(
            p, new StringDeserializer(), avro.value(Topics.ATHLETE_PROFILES).deserializer());
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    this.thread = new Thread(this::run, "profile-directory");
    thread.setDaemon(true);
  }

  public ProfileDirectory start() {
    thread.start();
    return this;
  }

  /**
   * The athlete's contact, waiting (at most {@code wait}) until the directory has read everything
   * that was on the topic when asked: an alert that follows a profile update sees the update.
   */
  public Optional<AthleteContact> lookup(String athleteId, Duration wait) {
    Map<TopicPartition, Long> target = endOffsets();
    long deadline = System.nanoTime() + wait.toNanos();
    while (!caughtUp(target) && System.nanoTime() < deadline) {
      synchronized (position) {
        try {
          position.wait(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return Optional.ofNullable(contacts.get(athleteId));
  }

  private Map<TopicPartition, Long> endOffsets() {
    try {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (TopicPartitionInfo info :
          admin
              .describeTopics(List.of(Topics.ATHLETE_PROFILES.name()))
              .allTopicNames()
              .get(10, TimeUnit.SECONDS)
              .get(Topics.ATHLETE_PROFILES.name())
              .partitions()) {
        latest.put(
            new TopicPartition(Topics.ATHLETE_PROFILES.name(), info.partition()),
            OffsetSpec.latest());
      }
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin
          .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all()
          .get(10, TimeUnit.SECONDS)
          .forEach((tp, info) -> ends.put(tp, info.offset()));
      return ends;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn(
          "Cannot read the end of {}: answering from what is read so far",
          Topics.ATHLETE_PROFILES.name(),
          e);
      return Map.of();
    }
  }

  private boolean caughtUp(Map<TopicPartition, Long> target) {
    return target.entrySet().stream()
        .allMatch(e -> position.getOrDefault(e.getKey(), 0L) >= e.getValue());
  }

  private List<TopicPartition> partitionsToRead() {
    return consumer.partitionsFor(Topics.ATHLETE_PROFILES.name(), Duration.ofSeconds(10)).stream()
        .map(info -> new TopicPartition(info.topic(), info.partition()))
        .toList();
  }

  private void run() {
    try {
      List<TopicPartition> partitions = partitionsToRead();
      consumer.assign(partitions); // every partition: each notifier needs every athlete
      consumer.seekToBeginning(partitions);
      while (running) {
        for (ConsumerRecord<String, AthleteProfile> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            contacts.remove(r.key());
          } else {
            contacts.put(r.key(), contact(r.value()));
          }
        }
        for (TopicPartition tp : consumer.assignment()) {
          position.put(tp, consumer.position(tp));
        }
        synchronized (position) {
          position.notifyAll();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("Profile directory stopped", e);
    }
  }

  private static AthleteContact contact(AthleteProfile p) {
    return new AthleteContact(
        p.getAthleteId(),
        Optional.ofNullable(p.getEmail()),
        p.getName() == null ? "runner" : p.getName(),
        p.getUnits() != Units.MI,
        p.getNotificationsEnabled(),
        p.getTimeZone());
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }
}
