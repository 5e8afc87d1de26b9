package io.backstride.streams;

import io.backstride.avro.AthleteTrend;
import io.backstride.core.load.DailyLoad;
import io.backstride.core.load.LoadHistory;
import io.backstride.core.load.Trend;
import io.backstride.core.load.TrendCalculator;
import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each athlete's daily loads and, when days change, recomputes the trend of those days and of
 * every later day it reaches (a day is in the acute or chronic window of the 34 days after it), up
 * to the athlete's latest day; a new latest day also fills in the rest days before it. So every day
 * from the first activity to the last has a trend, and a late upload corrects every trend it
 * touches.
 */
final class TrendProcessor implements Processor<String, LoadHistory, String, AthleteTrend> {
  private static final StringSerializer KEYS = new StringSerializer();

  private ProcessorContext<String, AthleteTrend> context;
  private KeyValueStore<String, DailyLoad> days;

  @Override
  public void init(ProcessorContext<String, AthleteTrend> context) {
    this.context = context;
    this.days = context.getStateStore(StoreNames.ATHLETE_DAYS);
  }

  @Override
  public void process(Record<String, LoadHistory> record) {
    String athleteId = record.key();
    NavigableMap<LocalDate, DailyLoad> before = history(athleteId);
    NavigableMap<LocalDate, DailyLoad> after =
        record.value() == null ? LoadHistory.EMPTY.days() : record.value().days();
    TreeSet<LocalDate> changedDays = new TreeSet<>();
    for (LocalDate day : union(before, after)) {
      DailyLoad load = after.get(day);
      if (Objects.equals(before.get(day), load)) {
        continue; // e.g. a profile edit that re-sent the runs without moving them
      }
      changedDays.add(day);
      if (load == null || load.isEmpty()) {
        days.delete(dayKey(athleteId, day));
      } else {
        days.put(dayKey(athleteId, day), load);
      }
    }
    if (changedDays.isEmpty()) {
      return;
    }
    LocalDate changed = changedDays.first();
    LocalDate lastChanged = changedDays.last();
    LocalDate previousFirst = before.isEmpty() ? null : before.firstKey();
    LocalDate previousLast = before.isEmpty() ? null : before.lastKey();
    // the store now holds exactly the new history: no need to read it back
    NavigableMap<LocalDate, DailyLoad> history = after;
    if (history.isEmpty()) {
      return;
    }
    LocalDate first = history.firstKey();
    LocalDate last = history.lastKey();
    LocalDate from = changed.isBefore(first) ? first : changed;
    if (previousLast != null && previousLast.plusDays(1).isBefore(from)) {
      from = previousLast.plusDays(1); // the rest days before a new latest run get their trend too
    }
    LocalDate reach = lastChanged.plusDays(TrendCalculator.CHRONIC_LAST_DAY - 1);
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

  private static TreeSet<LocalDate> union(
      NavigableMap<LocalDate, DailyLoad> a, NavigableMap<LocalDate, DailyLoad> b) {
    TreeSet<LocalDate> all = new TreeSet<>(a.keySet());
    all.addAll(b.keySet());
    return all;
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
