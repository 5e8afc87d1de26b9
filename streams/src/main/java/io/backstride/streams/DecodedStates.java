package io.backstride.streams;

import io.backstride.streams.state.AthleteState;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The athlete states one task decoded or wrote last, in front of its store: every change of an
 * athlete reads their state, and decoding it from the store's bytes cost about as much as all the
 * rest of the change. Bounded, least recently used out first.
 *
 * <p>Never the truth: every write goes to the store (and so to its changelog) first, and a value is
 * kept here only as it was written there or read from there. It must not outlive the task's store
 * contents: under exactly-once Streams aborts the transaction, wipes the store and restores it from
 * the changelog, and may then initialise the same processor again, so its owner empties it whenever
 * the task is initialised or closed.
 */
final class DecodedStates {
  /**
   * How many athletes a task keeps decoded by default: about 25 MB of heap per task at 12 weeks of
   * three runs a week. An athlete's next change comes after every other athlete's of the task, so
   * the cache helps only when it holds them all; beyond that size the store's own cache and RocksDB
   * serve, as without it.
   */
  static final int DEFAULT_CAPACITY = 4096;

  private final LinkedHashMap<String, AthleteState> states;
  private final int capacity;

  DecodedStates(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
    }
    this.capacity = capacity;
    this.states =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, AthleteState> eldest) {
            return size() > DecodedStates.this.capacity;
          }
        };
  }

  /** The state of {@code athleteId}: kept, or read from {@code store} (null there means none). */
  AthleteState get(String athleteId, Function<String, AthleteState> store) {
    AthleteState state = states.get(athleteId);
    if (state != null) {
      return state;
    }
    AthleteState stored = store.apply(athleteId);
    AthleteState read = stored == null ? AthleteState.EMPTY : stored;
    if (capacity > 0) {
      states.put(athleteId, read);
    }
    return read;
  }

  /** Keeps {@code state} as the one just written to the store for {@code athleteId}. */
  void written(String athleteId, AthleteState state) {
    if (capacity > 0) {
      states.put(athleteId, state);
    }
  }

  /** Forgets everything: the store may since have been wiped and restored, or be another task's. */
  void clear() {
    states.clear();
  }

  int size() {
    return states.size();
  }
}
