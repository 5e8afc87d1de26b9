package io.backstride.ingest;

import io.backstride.avro.AthleteProfile;
import io.backstride.avro.SampleBatch;
import io.backstride.avro.SymptomReport;
import io.backstride.platform.Acks;
import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.Topic;
import io.backstride.schemas.Topics;
import io.backstride.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes to {@code activity-samples.v1} (sample batches), {@code athlete-profiles.v1} (profiles)
 * and {@code symptom-reports.v1} (symptom reports), keyed by athlete id so that one athlete's
 * records stay in one partition, in order.
 *
 * <p>One idempotent producer with {@code acks=all} serves every topic; it carries bytes and the
 * values are serialized here (sample batches by {@link SampleBatchSerializer}, the rest with the
 * registry's serdes), because one producer can have only one value serializer. Serializing before
 * {@code send} also means that a registry outage fails the future instead of surfacing on the
 * producer's I/O thread.
 *
 * <p>The record timestamp is left to the producer (upload time), not set to the samples' time: the
 * event time travels inside the value for the streams stage to extract, while a years-old record
 * timestamp would let the topic's time-based retention delete a history import before it is read,
 * and brokers refuse timestamps more than an hour ahead (a watch with a wrong clock).
 *
 * <p>The batches of an activity are not written atomically: if some are acknowledged and one fails,
 * the caller gets a failure and uploads again. The upload id every batch carries lets the streams
 * stage tell the uploads apart: the new one replaces the partial one, whose fragment is never
 * counted, and two uploads of one file at once cannot mix their batches.
 */
public final class KafkaActivityPublisher implements ActivityPublisher, AutoCloseable {
  /** How long the producer holds a record back for more of the same upload, unless flushed. */
  private static final int LINGER_MS = 5;

  private final Producer<String, byte[]> producer;
  private final Serializer<SampleBatch> batchSerializer;
  private final Serializer<AthleteProfile> profileSerializer;
  private final Serializer<SymptomReport> symptomSerializer;

  /** One thread for health probes: {@code partitionsFor} blocks while there is no metadata. */
  private final ExecutorService probes =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "ingest-health-probe");
            t.setDaemon(true);
            return t;
          });

  private CompletableFuture<Optional<String>> probe;

  /** The producer, for its metrics. */
  public Producer<String, byte[]> producer() {
    return producer;
  }

  /** Where {@link #kafkaClusterId} asks; {@code null} for a publisher over a given producer. */
  private final KafkaConnection kafka;

  private CompletableFuture<String> clusterId;

  /** Publishes through {@code producer}, which this publisher then owns and closes. */
  public KafkaActivityPublisher(Producer<String, byte[]> producer, AvroSerdes serdes) {
    this(producer, serdes, null);
  }

  private KafkaActivityPublisher(
      Producer<String, byte[]> producer, AvroSerdes serdes, KafkaConnection kafka) {
    this.producer = producer;
    this.kafka = kafka;
    // the hot path: an upload is tens of batches of 200 samples each
    this.batchSerializer = new SampleBatchSerializer(serdes.registry());
    this.profileSerializer = serdes.value(Topics.ATHLETE_PROFILES).serializer();
    this.symptomSerializer = serdes.value(Topics.SYMPTOM_REPORTS).serializer();
  }

  /**
   * A publisher with its own producer.
   *
   * @param maxBlock how long {@code send} may block on metadata or a full buffer; keep it within
   *     the HTTP ack timeout so that a missing broker becomes a 503, not a hung request
   */
  public static KafkaActivityPublisher create(
      KafkaConnection kafka, AvroSerdes serdes, Duration maxBlock) {
    KafkaActivityPublisher publisher =
        new KafkaActivityPublisher(
            new KafkaProducer<>(
                producerConfig(kafka, maxBlock), new StringSerializer(), new ByteArraySerializer()),
            serdes,
            kafka);
    // asked now, so that the first health check can already say it
    publisher.kafkaClusterId(Duration.ZERO);
    return publisher;
  }

  @Override
  public Optional<String> kafkaClusterId() {
    return kafkaClusterId(Duration.ofSeconds(1));
  }

  /**
   * The cluster id, looked up once by an admin client on a thread of its own; a failed lookup (no
   * broker yet) is tried again on the next call. Waits at most {@code wait} for a lookup underway.
   */
  private Optional<String> kafkaClusterId(Duration wait) {
    CompletableFuture<String> lookup;
    synchronized (this) {
      if (kafka == null) {
        return Optional.empty();
      }
      if (clusterId == null || clusterId.isCompletedExceptionally()) {
        clusterId =
            CompletableFuture.supplyAsync(
                this::describeClusterId,
                r -> {
                  Thread t = new Thread(r, "ingest-cluster-id");
                  t.setDaemon(true);
                  t.start();
                });
      }
      lookup = clusterId;
    }
    try {
      return Optional.ofNullable(lookup.get(wait.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException | ExecutionException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private String describeClusterId() {
    Properties config = kafka.adminProperties();
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
    try (Admin admin = Admin.create(config)) {
      return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("no cluster id from " + kafka.bootstrapServers(), e);
    }
  }

  /**
   * The producer settings: durable (all replicas), no duplicates on retry, ordered per key, and
   * every wait bounded by {@code maxBlock}: {@code send} blocks at most that long for metadata, and
   * a record that cannot be delivered fails after about that long instead of being retried for the
   * default two minutes behind a request that has already answered 503.
   */
  public static Map<String, Object> producerConfig(KafkaConnection kafka, Duration maxBlock) {
    long requestTimeoutMs = Math.max(1, maxBlock.toMillis());
    Map<String, Object> config = kafka.producerConfig();
    config.putAll(ownProducerConfig(maxBlock, requestTimeoutMs));
    return config;
  }

  private static Map<String, Object> ownProducerConfig(Duration maxBlock, long requestTimeoutMs) {
    return Map.ofEntries(
        Map.entry(ProducerConfig.CLIENT_ID_CONFIG, "backstride-ingest"),
        Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
        Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        // Held back until the upload's last record is appended, then sent by flush(): with no
        // linger, the first record woke the sender and left alone and the rest followed in a
        // request or two more, each a request's CPU on the producer's thread and the broker's.
        // The linger is never waited out by an upload (flush ends it; 5 ms of it were most of
        // the Kafka part of an answer), only by a caller that does not flush.
        Map.entry(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS),
        // Room for a whole upload in a producer batch (a one-hour run at 1 Hz is 18 records of
        // 7-10 KB, compressed to about half): one or two requests and compressed blocks per
        // upload, where the default 16 KB held two records and cut an upload into five requests.
        Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
        // Sample batches are repetitive numbers: lz4 shrinks them cheaply.
        Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
        Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock.toMillis()),
        Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeoutMs),
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        Map.entry(
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) requestTimeoutMs + LINGER_MS + 5));
  }

  @Override
  public CompletableFuture<Void> publish(String athleteId, List<SampleBatch> batches) {
    // Every batch is serialized before the first is sent: a registry failure then leaves nothing
    // written, and the records reach the producer within microseconds of each other, so that they
    // leave in one request instead of trickling out behind the serializer.
    List<byte[]> values = new ArrayList<>(batches.size());
    try {
      for (SampleBatch batch : batches) {
        values.add(batchSerializer.serialize(Topics.ACTIVITY_SAMPLES.name(), batch));
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    List<CompletableFuture<Void>> acks = new ArrayList<>(values.size());
    for (byte[] value : values) {
      CompletableFuture<Void> ack = send(Topics.ACTIVITY_SAMPLES.name(), athleteId, value);
      acks.add(ack);
      if (ack.isCompletedExceptionally()) {
        // send() refused (no metadata after max.block.ms, producer closed): each further batch
        // would block as long again, so the upload fails now, within one bounded wait.
        break;
      }
    }
    return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
  }

  /**
   * Sends the records held back for the linger now and waits until each is acknowledged or has
   * failed, which takes at most about the delivery timeout (the ack timeout): a record that cannot
   * be delivered is failed by then.
   */
  @Override
  public void flush() {
    producer.flush();
  }

  @Override
  public CompletableFuture<Void> publishProfile(String athleteId, AthleteProfile profile) {
    return send(Topics.ATHLETE_PROFILES, athleteId, profile, profileSerializer);
  }

  @Override
  public CompletableFuture<Void> publishSymptom(String athleteId, SymptomReport report) {
    return send(Topics.SYMPTOM_REPORTS, athleteId, report, symptomSerializer);
  }

  /**
   * Asks the producer for the samples topic's partitions on a thread of its own and waits at most a
   * second: a probe still blocked on missing metadata answers "down" at once, without piling up
   * further blocked threads.
   */
  @Override
  public synchronized Optional<String> unavailableReason() {
    if (probe == null || probe.isDone()) {
      probe =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return producer.partitionsFor(Topics.ACTIVITY_SAMPLES.name()).isEmpty()
                      ? Optional.of("no partitions for " + Topics.ACTIVITY_SAMPLES.name())
                      : Optional.<String>empty();
                } catch (RuntimeException e) {
                  return Optional.of(
                      "no metadata for " + Topics.ACTIVITY_SAMPLES.name() + ": " + e.getMessage());
                }
              },
              probes);
    }
    try {
      return probe.get(1, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      return Optional.of("waiting for metadata of " + Topics.ACTIVITY_SAMPLES.name());
    } catch (ExecutionException e) {
      return Optional.of(String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  private <V extends org.apache.avro.specific.SpecificRecord> CompletableFuture<Void> send(
      Topic<V> topic, String athleteId, V value, Serializer<V> serializer) {
    byte[] bytes;
    try {
      bytes = serializer.serialize(topic.name(), value);
    } catch (RuntimeException e) {
      // the registry is down or refused the schema
      return CompletableFuture.failedFuture(e);
    }
    return send(topic.name(), athleteId, bytes);
  }

  private CompletableFuture<Void> send(String topic, String athleteId, byte[] value) {
    return Acks.send(producer, new ProducerRecord<>(topic, athleteId, value));
  }

  @Override
  public void close() {
    probes.shutdownNow();
    producer.close(Duration.ofSeconds(5));
  }
}
