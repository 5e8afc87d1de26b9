package io.backstride.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.backstride.schemas.Topics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoPartitioningTest {
  private static final String SUMMARIES = Topics.ACTIVITY_SUMMARIES.name();
  private static final String PROFILES = Topics.ATHLETE_PROFILES.name();

  @Test
  void equalCountsAreFine() {
    assertThat(CoPartitioning.problem(Map.of(SUMMARIES, 6, PROFILES, 6))).isEmpty();
  }

  @Test
  void differentCountsAreRefusedNamingBothTopics() {
    assertThat(CoPartitioning.problem(Map.of(SUMMARIES, 6, PROFILES, 3)))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains(SUMMARIES + " has 6 partitions")
                    .contains(PROFILES + " has 3")
                    .contains("the same number"));
  }

  @Test
  void aTopicNotCreatedYetIsLeftToKafkaStreams() {
    assertThat(CoPartitioning.problem(Map.of(SUMMARIES, 6))).isEmpty();
  }
}
