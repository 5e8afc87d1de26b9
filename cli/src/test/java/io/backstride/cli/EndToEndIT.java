package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.backstride.embeddedkafka.EmbeddedKafkaBroker;
import io.backstride.localstack.SchemaRegistryServer;
import io.backstride.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline in one JVM on the in-process KRaft broker, the local registry and GreenMail.
 */
class EndToEndIT {
  /** A real SMTP server on a free port, up for the whole class like the pipeline that uses it. */
  private static final GreenMail MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

  @TempDir static Path stateDir;
  private static SchemaRegistryServer registry;
  private static Pipeline pipeline;

  @BeforeAll
  static void startPipeline() {
    MAIL.start();
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.shared();
    registry = SchemaRegistryServer.start(broker.bootstrapServers(), 0);
    pipeline =
        Pipeline.start(
            DownhillScenario.env(
                broker.bootstrapServers(), registry.url(), MAIL.getSmtp().getPort(), stateDir));
  }

  @AfterAll
  static void stopPipeline() {
    pipeline.close();
    registry.close();
    MAIL.stop();
  }

  @Test
  void aGpxHistoryWithTripledDownhillEndsAsOneAlertAndOneEmail() throws Exception {
    DownhillScenario.uploadsAHistoryAndEmailsTheDownhillRamp(
        pipeline,
        EmbeddedKafkaBroker.shared().bootstrapServers(),
        registry.url(),
        MAIL::getReceivedMessages,
        "ana");
  }

  @Test
  void aFileThatIsNotGpxIsRefusedWithAReasonAndNothingIsProduced() throws Exception {
    long before = samplesOnTopic();

    IngestClient.Response r =
        new IngestClient(pipeline.ingestUrl())
            .uploadActivity("bo", "{\"not\":\"gpx\"}".getBytes(StandardCharsets.UTF_8));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("\"error\"").contains("\"detail\"");
    assertThat(samplesOnTopic()).isEqualTo(before);
  }

  /** Records on the samples topic, counted by end offsets (no group, nothing consumed). */
  private static long samplesOnTopic() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafkaBroker.shared().bootstrapServers());
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          c.partitionsFor(Topics.ACTIVITY_SAMPLES.name()).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      return end.values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
