package io.backstride.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed multipart uploads: each is a 400 {@code {error, detail}} whose detail says in one line
 * what is wrong, never a 500 and never a stack trace, and nothing is published.
 */
class IngestApiMultipartTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACTIVITIES = "/v1/athletes/runner-1/activities";
  private static final String FILE_PART =
      "Content-Disposition: form-data; name=\"file\"; filename=\"run.gpx\"\r\n"
          + "Content-Type: application/gpx+xml\r\n\r\n"
          + TestGpx.run(3)
          + "\r\n";

  private final RecordingPublisher publisher = new RecordingPublisher();

  static Stream<Arguments> malformed() {
    StringBuilder manyParts = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      manyParts.append("--x\r\nContent-Disposition: form-data; name=\"f").append(i);
      manyParts.append("\"\r\n\r\nv\r\n");
    }
    manyParts.append("--x\r\n").append(FILE_PART).append("--x--\r\n");
    return Stream.of(
        Arguments.of(
            "2,000 parts", "multipart/form-data; boundary=x", manyParts.toString(), "parts"),
        Arguments.of(
            "no boundary parameter",
            "multipart/form-data",
            "--x\r\n" + FILE_PART + "--x--\r\n",
            "boundary"),
        Arguments.of(
            "a boundary the body never uses",
            "multipart/form-data; boundary=other",
            "--x\r\n" + FILE_PART + "--x--\r\n",
            "boundary"),
        Arguments.of(
            "an empty boundary parameter",
            "multipart/form-data; boundary=",
            "--x\r\n" + FILE_PART + "--x--\r\n",
            "boundary"),
        Arguments.of(
            "a body cut off before its closing boundary",
            "multipart/form-data; boundary=x",
            "--x\r\n" + FILE_PART.substring(0, FILE_PART.length() / 2),
            "multipart"),
        Arguments.of(
            "a part without headers' end",
            "multipart/form-data; boundary=x",
            "--x\r\nContent-Disposition: form-data; name=\"file\"",
            "multipart"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void answers400NamingWhatIsWrong(
      String name, String contentType, String body, String detailMentions) throws Exception {
    IngestApi api =
        new IngestApi(IngestConfig.defaults().withPort(0), new ActivityReaders(), publisher);
    Javalin app = api.app().start("127.0.0.1", 0);
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + ACTIVITIES))
                      .header("Content-Type", contentType)
                      .POST(BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      String text = response.body();

      assertThat(response.statusCode()).as(text).isEqualTo(400);
      JsonNode json = parse(text);
      assertThat(fieldNames(json)).containsExactlyInAnyOrder("error", "detail");
      assertThat(json.get("error").asText()).isEqualTo("invalid_multipart");
      String detail = json.get("detail").asText();
      assertThat(detail).containsIgnoringCase(detailMentions).doesNotContain("\n");
      assertThat(text)
          .doesNotContain("Exception")
          .doesNotContain("\tat ")
          .doesNotContain("org.eclipse")
          .doesNotContain("java.");
      assertThat(publisher.batches).isEmpty();
    } finally {
      app.stop();
    }
  }

  private static List<String> fieldNames(JsonNode json) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
