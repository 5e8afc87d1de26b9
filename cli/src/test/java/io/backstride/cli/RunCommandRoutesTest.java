package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The routes run's banner lists come from the documents the services serve. */
class RunCommandRoutesTest {
  @Test
  void everyTrendsRouteOfItsOpenApiDocumentIsListed() {
    assertThat(RunCommand.trendsRoutes())
        .containsExactlyInAnyOrder(
            "GET  /health",
            "GET  /health/live",
            "GET  /health/ready",
            "GET  /metrics",
            "GET  /openapi.yaml",
            "GET  /v1/athletes/{athleteId}/trends");
  }
}
