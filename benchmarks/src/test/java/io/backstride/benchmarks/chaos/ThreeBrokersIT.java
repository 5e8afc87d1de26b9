package io.backstride.benchmarks.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on three in-process brokers (replication 3, min ISR 2): every topic, the
 * Streams applications' own included, keeps three replicas; a broker killed mid-import loses and
 * doubles nothing; with two brokers down ingest refuses quickly with 503 and {@code Retry-After},
 * and takes uploads again by itself once they are back. The chaos harness repeats these with the
 * services as separate processes (RELIABILITY.md).
 */
class ThreeBrokersIT {
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir static Path work;
  private static ChaosStack stack;
  private static InProcessServices services;
  private static ChaosRounds rounds;
  private static RoundResult clean;

  @BeforeAll
  static void startAndRunCleanly() throws Exception {
    stack = ChaosStack.start(work, ACK_TIMEOUT);
    services = InProcessServices.start(stack.env("state"));
    rounds = new ChaosRounds(stack, services, WAIT);
    clean = rounds.clean("clean");
  }

  @AfterAll
  static void stop() {
    if (services != null) {
      services.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void everyTopicIncludingStreamsInternalOnesHasThreeReplicasAndNeedsTwoInSync() throws Exception {
    try (Admin admin =
        Admin.create(
            Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      Set<String> names =
          admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
      assertThat(names)
          .contains("__consumer_offsets", "__transaction_state", "activity-samples.v1")
          .anyMatch(n -> n.startsWith("backstride-training-load-") && n.endsWith("-changelog"));
      Map<String, TopicDescription> topics =
          admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
      for (TopicDescription topic : topics.values()) {
        for (TopicPartitionInfo p : topic.partitions()) {
          assertThat(p.replicas()).as(topic.name() + "-" + p.partition()).hasSize(3);
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
        assertThat(
                admin
                    .describeConfigs(Set.of(resource))
                    .all()
                    .get()
                    .get(resource)
                    .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)
                    .value())
            .as(topic.name())
            .isEqualTo("2");
      }
    }
  }

  @Test
  void theCleanRunRaisesOneAlertAndSendsOneEmail() {
    assertThat(clean.accepted()).isEqualTo(21);
    assertThat(clean.outcome().counted()).isEqualTo(21);
    assertThat(clean.outcome().alertIds()).hasSize(1);
    assertThat(clean.outcome().emails()).isEqualTo(1);
  }

  @Test
  void aBrokerKilledMidImportLosesNothingAndCountsNothingTwice() throws Exception {
    RoundResult r = rounds.brokerKilledDuringImport("killed-mid-import");
    System.out.println(RoundResult.header() + "\n" + r.row());

    assertThat(r.accepted()).isEqualTo(21);
    assertThat(r.lost()).isZero();
    assertThat(r.trendsEqualClean()).as("trends equal the clean run's").isTrue();
    // a re-sent summary (an upload answered 503 but written after all, then retried) is an update
    // of the compacted topic, harmless only if it is the same summary
    assertThat(r.outcome().conflictingSummaries()).isZero();
    assertThat(r.outcome().alertIds()).hasSize(1);
    assertThat(r.outcome().emails()).isEqualTo(1);
    assertThat(r.outcome().lostEmails()).isZero();
    assertThat(r.outcome().duplicateEmails()).isZero();
  }

  @Test
  void aBrokerKilledWhileTheAlertIsEmailedLosesNoEmailAndSendsNoneTwice() throws Exception {
    RoundResult r = rounds.brokerKilledDuringEmails("killed-while-emailing");
    System.out.println(RoundResult.header() + "\n" + r.row());

    assertThat(r.lost()).isZero();
    assertThat(r.trendsEqualClean()).as("trends equal the clean run's").isTrue();
    assertThat(r.outcome().alertIds()).hasSize(1);
    assertThat(r.outcome().lostEmails()).isZero();
    assertThat(r.outcome().duplicateEmails()).isZero();
  }

  @Test
  void withTwoBrokersDownIngestAnswers503WithinItsBoundAndRecoversByItself() throws Exception {
    RoundResult r = rounds.twoBrokersDown("two-down");
    System.out.println(RoundResult.header() + "\n" + r.row());

    assertThat(r.unavailable()).isGreaterThanOrEqualTo(3);
    assertThat(r.retryAfterOnEvery503()).isTrue();
    // the acknowledgement timeout, plus what the HTTP round trip and a loaded machine add
    assertThat(r.slowestUnavailable()).isLessThanOrEqualTo(ACK_TIMEOUT.plusSeconds(2));
    assertThat(r.accepted()).isEqualTo(21);
    assertThat(r.lost()).isZero();
    assertThat(r.trendsEqualClean()).as("trends equal the clean run's").isTrue();
    // a re-sent summary (an upload answered 503 but written after all, then retried) is an update
    // of the compacted topic, harmless only if it is the same summary
    assertThat(r.outcome().conflictingSummaries()).isZero();
    assertThat(r.outcome().emails()).isEqualTo(1);
  }
}
