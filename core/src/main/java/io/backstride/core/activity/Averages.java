package io.backstride.core.activity;

import io.backstride.core.Sample;

/** The sums behind the activity's average heart rate, cadence and vertical oscillation. */
public record Averages(Mean heartRate, Mean cadence, Mean verticalOscillation) {

  static final Averages EMPTY = new Averages(Mean.NONE, Mean.NONE, Mean.NONE);

  /** A sum and how many values went into it. */
  public record Mean(double sum, int count) {
    static final Mean NONE = new Mean(0, 0);

    /** The average, or null when no sample had the value. */
    public Double value() {
      return count == 0 ? null : sum / count;
    }
  }

  /** The fold over one batch. */
  static final class Builder {
    private double heartRateSum;
    private int heartRateCount;
    private double cadenceSum;
    private int cadenceCount;
    private double verticalOscillationSum;
    private int verticalOscillationCount;

    Builder(Averages a) {
      heartRateSum = a.heartRate.sum();
      heartRateCount = a.heartRate.count();
      cadenceSum = a.cadence.sum();
      cadenceCount = a.cadence.count();
      verticalOscillationSum = a.verticalOscillation.sum();
      verticalOscillationCount = a.verticalOscillation.count();
    }

    void add(Sample s) {
      if (s.heartRateBpm() != null) {
        heartRateSum += s.heartRateBpm();
        heartRateCount++;
      }
      if (s.cadenceSpm() != null) {
        cadenceSum += s.cadenceSpm();
        cadenceCount++;
      }
      if (s.verticalOscillationMm() != null) {
        verticalOscillationSum += s.verticalOscillationMm();
        verticalOscillationCount++;
      }
    }

    Averages build() {
      return new Averages(
          new Mean(heartRateSum, heartRateCount),
          new Mean(cadenceSum, cadenceCount),
          new Mean(verticalOscillationSum, verticalOscillationCount));
    }
  }
}
