package io.backstride.streams;

import io.backstride.core.load.DailyLoad;
import java.time.LocalDate;

/** A daily load on its way from the per-day table to the per-athlete trend processor. */
record DayLoad(LocalDate date, DailyLoad load) {}
