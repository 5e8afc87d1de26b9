package io.backstride.streams;

import io.backstride.avro.AthleteTrend;
import io.backstride.core.load.DailyLoad;
import io.backstride.core.load.Trend;
import io.backstride.core.load.TrendCalculator;
import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each athlete's daily loads and, when one day changes, recomputes the trend of that day and
 * of every later day it reaches (a day is in the acute or chronic window of the 34 days after it),
 * up to the athlete's latest day; a new latest day also fills in the rest days before it. So every
 * day from the first activity to the last has a trend, and a late upload corrects every trend it
 * touches.
 */
final class TrendProcessor implements Processor<String, DayLoad, String, AthleteTrend> {
  private static final StringSerializer KEYS = new StringSerializer();

  private ProcessorContext<String, AthleteTrend> context;
  private KeyValueStore<String, DailyLoad> days;

  @Override
  public void init(ProcessorContext<String, AthleteTrend> context) {
    this.context = context;
    this.days = context.getStateStore(StoreNames.ATHLETE_DAYS);
  }

  @Override
  public void process(Record<String, DayLoad> record) {
    String athleteId = record.key();
    LocalDate changed = record.value().date();
    DailyLoad load = record.value().load();
    LocalDate previousFirst = firstDay(athleteId);
    LocalDate previousLast = lastDay(athleteId);
    if (load == null || load.isEmpty()) {
      days.delete(dayKey(athleteId, changed));
    } else {
      days.put(dayKey(athleteId, changed), load);
    }
    NavigableMap<LocalDate, DailyLoad> history = history(athleteId);
    if (history.isEmpty()) {
      return;
    }
    LocalDate first = history.firstKey();
    LocalDate last = history.lastKey();
    LocalDate from = changed.isBefore(first) ? first : changed;
    if (previousLast != null && previousLast.plusDays(1).isBefore(from)) {
      from = previousLast.plusDays(1); // the rest days before a new latest run get their trend too
    }
    LocalDate reach = changed.plusDays(TrendCalculator.CHRONIC_LAST_DAY - 1);
    // a new first day changes every later trend (history days, the chronic average's divisor),
    // and fills in the days between it and a run uploaded earlier but dated later
    LocalDate to = reach.isBefore(last) && first.equals(previousFirst) ? reach : last;
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      Trend trend = TrendCalculator.trendOn(day, first, history);
      // stamped with the event time of the change that caused it: the end of a day that has not
      // ended yet would be a future timestamp, which brokers refuse
      context.forward(record.withValue(AvroMapper.trend(athleteId, trend)));
    }
  }

  private LocalDate firstDay(String athleteId) {
    try (KeyValueIterator<String, DailyLoad> it = days.range(athleteId + "|", athleteId + "|~")) {
      return it.hasNext() ? LocalDate.parse(it.next().key.substring(athleteId.length() + 1)) : null;
    }
  }

  private LocalDate lastDay(String athleteId) {
    try (KeyValueIterator<String, DailyLoad> it =
        days.reverseRange(athleteId + "|", athleteId + "|~")) {
      return it.hasNext() ? LocalDate.parse(it.next().key.substring(athleteId.length() + 1)) : null;
    }
  }

  private NavigableMap<LocalDate, DailyLoad> history(String athleteId) {
    NavigableMap<LocalDate, DailyLoad> history = new TreeMap<>();
    String prefix = athleteId + "|";
    try (KeyValueIterator<String, DailyLoad> it = days.prefixScan(prefix, KEYS)) {
      while (it.hasNext()) {
        KeyValue<String, DailyLoad> kv = it.next();
        history.put(LocalDate.parse(kv.key.substring(prefix.length())), kv.value);
      }
    }
    return history;
  }

  /** athlete|yyyy-MM-dd: ISO dates sort as strings, so a prefix scan returns days in order. */
  static String dayKey(String athleteId, LocalDate day) {
    return athleteId + "|" + day;
  }
}
