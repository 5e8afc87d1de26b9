package io.backstride.pages;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.LocalDate;

/**
 * One day as the trends API's {@code GET /v1/athletes/{id}/trends} returns it: the fields the pages
 * show. The usual-week figures are null while the athlete's baseline is still building.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record TrendDay(
    LocalDate date,
    int runs,
    double distanceM,
    double movingTimeS,
    double descentM,
    String baselineProgress,
    double acuteDistanceM,
    Double chronicWeeklyDistanceM,
    double acuteDescentM,
    Double chronicWeeklyDescentM,
    Double acuteSpeedMps,
    Double chronicSpeedMps) {}
