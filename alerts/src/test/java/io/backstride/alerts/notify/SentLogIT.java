package io.backstride.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The sent log on the in-process broker: what one notifier records, the next one knows, and ids
 * recorded under the log's old, unversioned name (a data directory from before the rename) still
 * count as sent, so that a restart on it emails nothing again.
 */
class SentLogIT {
  private static final String BOOTSTRAP = EmbeddedKafkaBroker.shared().bootstrapServers();
  private static final Instant SENT = Instant.parse("2026-03-02T07:00:00Z");

  @Test
  void idsRecordedUnderTheOldNameCountAsSent() throws Exception {
    String before = "alert-before-rename-" + UUID.randomUUID();
    createLegacyLog();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.LEGACY_SENT_LOG, before, SENT.toString())).get();
    }

    try (SentLog log = new SentLog(KafkaConnection.plaintext(BOOTSTRAP))) {
      assertThat(log.contains(before)).isTrue();
      assertThat(log.contains("alert-never-sent-" + UUID.randomUUID())).isFalse();
    }
  }

  @Test
  void whatOneInstanceRecordsTheNextKnowsFromTheVersionedLog() throws Exception {
    String alert = "alert-" + UUID.randomUUID();
    try (SentLog first = new SentLog(KafkaConnection.plaintext(BOOTSTRAP))) {
      first.record(List.of(alert), SENT);
      assertThat(first.contains(alert)).isTrue();
    }
    try (SentLog next = new SentLog(KafkaConnection.plaintext(BOOTSTRAP))) {
      assertThat(next.contains(alert)).isTrue();
    }
    try (Admin admin = admin()) {
      assertThat(
              admin
                  .describeTopics(List.of(Topics.NOTIFICATION_SENT_LOG.name()))
                  .allTopicNames()
                  .get(30, TimeUnit.SECONDS)
                  .get(Topics.NOTIFICATION_SENT_LOG.name())
                  .partitions())
          .hasSize(1);
    }
  }

  private static void createLegacyLog() throws Exception {
    try (Admin admin = admin()) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(Topics.LEGACY_SENT_LOG, 1, (short) 1)
                      .configs(Map.of("cleanup.policy", "compact,delete"))))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }

  private static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP));
  }
}
