package io.backstride.pages;

import io.backstride.avro.BackPainRiskAlert;
import java.util.List;
import java.util.Optional;

/** Where the pages read an athlete's data: the others' published interfaces, never their code. */
interface AthleteReads {
  /** The profile, read-your-writes: a preference just saved through ingest is seen. */
  Optional<AthleteView> athlete(String athleteId);

  /**
   * The last {@code days} days, oldest first; empty when the athlete has no runs yet.
   *
   * @throws PagesException when the trends API cannot be reached or answers with an error
   */
  List<TrendDay> trends(String athleteId, int days);

  /** Every alert raised for the athlete, newest day first; one per alert id. */
  List<BackPainRiskAlert> alerts(String athleteId);
}
