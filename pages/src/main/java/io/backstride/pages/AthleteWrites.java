package io.backstride.pages;

/**
 * Where the pages write for an athlete: ingest's API, so that a report from a page is checked
 * exactly as one from the API and lands on the same topic.
 */
interface AthleteWrites {
  /** What ingest said: accepted, or refused with its one-line reason. */
  record Outcome(int status, String reason) {
    boolean accepted() {
      return status >= 200 && status < 300;
    }
  }

  /**
   * A symptom report as ingest's {@code POST /v1/athletes/{id}/symptoms} takes it.
   *
   * @param note null or blank for none
   */
  Outcome reportPain(String athleteId, String date, int severity, String when, String note);

  /**
   * A partial update of the preferences (JSON Merge Patch): only the fields given change, name and
   * address stay.
   *
   * @param units "km" or "mi", or null to leave it
   * @param timeZone an IANA zone id, or null to leave it
   * @param emailsOn whether alert emails go out, or null to leave it
   */
  Outcome updatePreferences(String athleteId, String units, String timeZone, Boolean emailsOn);
}
