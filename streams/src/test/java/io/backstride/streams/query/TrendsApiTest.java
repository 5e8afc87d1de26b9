package io.backstride.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.core.load.ActivityLoad;
import io.backstride.core.load.LoadHistory;
import io.javalin.Javalin;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The trends endpoint over real HTTP, with the store lookup faked. */
class TrendsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final LocalDate D0 = LocalDate.parse("2026-03-02");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final List<Javalin> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(Javalin::stop);
  }

  private String serve(AthleteDays days) {
    Javalin app = new TrendsApi(() -> days).app().start("127.0.0.1", 0);
    started.add(app);
    return "http://127.0.0.1:" + app.port();
  }

  private static LoadHistory history() {
    LoadHistory h = LoadHistory.EMPTY;
    for (int day : new int[] {0, 3, 9}) {
      h = h.plus(new ActivityLoad(D0.plusDays(day), 8000, 8000, 2700, 50, List.of(0.0, 8000.0)));
    }
    return h;
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void listsEveryDayOfTheAthletesLastDaysWithLoadAndTrend() throws Exception {
    String base = serve(id -> new AthleteDays.Local(history()));

    HttpResponse<String> r = get(base + "/v1/athletes/ana/trends?days=56");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode days = JSON.readTree(r.body());
    assertThat(days).hasSize(10);
    assertThat(days.get(0).path("date").asText()).isEqualTo("2026-03-02");
    assertThat(days.get(9).path("date").asText()).isEqualTo("2026-03-11");
    assertThat(days.get(1).path("runs").asInt()).isZero();
    assertThat(days.get(3).path("acuteRuns").asInt()).isEqualTo(2);
    assertThat(days.get(3).path("acuteDistanceM").asDouble()).isEqualTo(16000.0);
    assertThat(days.get(9).has("chronicWeeklyDescentM")).isTrue();
  }

  @Test
  void theUsualWeekIsBuildingNotANumberUntilTheBaselineIsReady() throws Exception {
    // one 4.7 km run, twelve days ago: five days of the chronic window, scaled up they read as a
    // 6.6 km week
    LoadHistory one =
        LoadHistory.EMPTY
            .plus(new ActivityLoad(D0, 4700, 4700, 1600, 20, List.of(0.0, 4700.0)))
            .plus(new ActivityLoad(D0.plusDays(11), 3000, 3000, 1000, 10, List.of(0.0, 3000.0)));
    String base = serve(id -> new AthleteDays.Local(one));

    JsonNode last = JSON.readTree(get(base + "/v1/athletes/ana/trends?days=1").body()).get(0);

    assertThat(last.path("date").asText()).isEqualTo("2026-03-13");
    assertThat(last.path("baselineProgress").asText())
        .isEqualTo("building (5 of 14 days, 1 of 4 runs)");
    for (String usual :
        List.of(
            "chronicWeeklyDistanceM",
            "chronicWeeklyDescentM",
            "chronicSpeedMps",
            "chronicWeeklyFastDistanceM")) {
      assertThat(last.has(usual)).as(usual).isTrue();
      assertThat(last.get(usual).isNull()).as(usual).isTrue();
    }
    assertThat(last.path("previousWeekDistanceM").asDouble()).isEqualTo(4700.0);
  }

  @Test
  void aReadyBaselineShowsTheUsualWeek() throws Exception {
    LoadHistory h = LoadHistory.EMPTY;
    for (int day = 0; day <= 28; day += 2) {
      h = h.plus(new ActivityLoad(D0.plusDays(day), 7000, 7000, 2300, 30, List.of(0.0, 7000.0)));
    }
    LoadHistory ready = h;
    String base = serve(id -> new AthleteDays.Local(ready));

    JsonNode last = JSON.readTree(get(base + "/v1/athletes/ana/trends?days=1").body()).get(0);

    assertThat(last.path("baselineProgress").asText()).isEqualTo("ready");
    assertThat(last.path("chronicWeeklyDistanceM").asDouble()).isCloseTo(24500, within(1.0));
  }

  @Test
  void daysLimitsTheListToTheMostRecentDays() throws Exception {
    String base = serve(id -> new AthleteDays.Local(history()));

    JsonNode days = JSON.readTree(get(base + "/v1/athletes/ana/trends?days=3").body());

    assertThat(days).hasSize(3);
    assertThat(days.get(0).path("date").asText()).isEqualTo("2026-03-09");
  }

  @Test
  void answers400ForABadDaysAnd404ForAnAthleteWithoutRuns() throws Exception {
    String base = serve(id -> new AthleteDays.Local(LoadHistory.EMPTY));

    assertThat(get(base + "/v1/athletes/ana/trends?days=zero").statusCode()).isEqualTo(400);
    assertThat(get(base + "/v1/athletes/ana/trends?days=0").statusCode()).isEqualTo(400);
    assertThat(get(base + "/v1/athletes/ana/trends").statusCode()).isEqualTo(404);
  }

  @Test
  void answers503WithRetryAfterWhileNoInstanceCanAnswer() throws Exception {
    String base = serve(id -> new AthleteDays.Unavailable("rebalancing"));

    HttpResponse<String> r = get(base + "/v1/athletes/ana/trends");

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).contains("1");
  }

  @Test
  void forwardsToTheInstanceThatOwnsTheAthlete() throws Exception {
    String owner = serve(id -> new AthleteDays.Local(history()));
    String other = serve(id -> new AthleteDays.Remote(owner));

    HttpResponse<String> viaOther = get(other + "/v1/athletes/ana/trends?days=5");

    assertThat(viaOther.statusCode()).isEqualTo(200);
    assertThat(viaOther.body()).isEqualTo(get(owner + "/v1/athletes/ana/trends?days=5").body());
  }

  @Test
  void aForwardedRequestIsNotForwardedAgain() throws Exception {
    List<String> bases = new ArrayList<>();
    // two instances that each believe the other owns the athlete (stale metadata)
    String a = serve(id -> new AthleteDays.Remote(bases.get(1)));
    String b = serve(id -> new AthleteDays.Remote(bases.get(0)));
    bases.add(a);
    bases.add(b);

    HttpResponse<String> r = get(a + "/v1/athletes/ana/trends");

    assertThat(r.statusCode()).isEqualTo(503);
  }

  /** An owner that does not answer (killed), and this instance's standby copy of its partition. */
  private static AthleteDays ownerGoneStandbyHere(String deadOwner, LoadHistory standby) {
    return new AthleteDays() {
      @Override
      public Location locate(String athleteId) {
        return new Remote(deadOwner);
      }

      @Override
      public Optional<LoadHistory> standbyCopy(String athleteId) {
        return Optional.ofNullable(standby);
      }
    };
  }

  private static String deadInstance() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + s.getLocalPort();
    }
  }

  @Test
  void answersFromTheStandbyReplicaWhileTheOwnerDoesNotAnswer() throws Exception {
    String survivor = serve(ownerGoneStandbyHere(deadInstance(), history()));
    String reference = serve(id -> new AthleteDays.Local(history()));

    HttpResponse<String> r = get(survivor + "/v1/athletes/ana/trends?days=5");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue(TrendsApi.REPLICA)).contains("standby");
    assertThat(r.body()).isEqualTo(get(reference + "/v1/athletes/ana/trends?days=5").body());
  }

  @Test
  void answers503WhenTheOwnerDoesNotAnswerAndNoStandbyHoldsTheAthlete() throws Exception {
    String survivor = serve(ownerGoneStandbyHere(deadInstance(), null));

    HttpResponse<String> r = get(survivor + "/v1/athletes/ana/trends?days=5");

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).contains("1");
    assertThat(r.headers().firstValue(TrendsApi.REPLICA)).isEmpty();
  }
}
