package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backstride.avro.BackPainRiskAlert;
import io.backstride.platform.KafkaConnection;
import io.backstride.schemas.Topics;
import io.backstride.schemas.registry.RestSchemaRegistryClient;
import io.backstride.schemas.serde.AvroSerdes;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * The athlete pages end to end in headless Chromium, on the whole local pipeline: the link of a
 * real email (received by the GreenMail sink) opens the load chart and the alert; a pain report
 * from the page brings the BACK_PAIN_REPORTED email; miles chosen on the page are the next email's
 * units; a one-click unsubscribe POST ends the emails while alerts still reach the topic. Every
 * page is checked by axe-core (no serious or critical violation), saved as a screenshot under
 * {@code target/pages/}, and measured (bytes, server time) into {@code target/pages/metrics.txt}.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} and {@code tools/axe}'s {@code npm
 * ci}; without them it skips with the reason, except under {@code CI=true}, where it fails.
 */
class PagesBrowserIT {
  private static final String ATHLETE = "pages-ana";
  private static final String EMAIL = "ana@example.org";
  private static final String NAME = "Ana <script>alert('name')</script>";
  private static final String NOTE = "<script>alert('note')</script> sore after the hills";
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path OUT = Path.of("target", "pages");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  private static LocalRun run;
  private static WebDriver browser;
  private static String axe;
  private static final List<String> metrics = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path axeFile = repository().resolve("tools/axe/node_modules/axe-core/axe.min.js");
    List<String> missing = new ArrayList<>();
    if (!Files.isExecutable(CHROMIUM)) {
      missing.add(CHROMIUM + " (apt-get install chromium)");
    }
    if (!Files.isExecutable(CHROMEDRIVER)) {
      missing.add(CHROMEDRIVER + " (apt-get install chromium-driver)");
    }
    if (!Files.isRegularFile(axeFile)) {
      missing.add(axeFile + " (npm ci --prefix tools/axe)");
    }
    if (!missing.isEmpty()) {
      String why = "athlete pages browser test needs " + String.join(", ", missing);
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail(why);
      }
      Assumptions.abort(why);
    }
    axe = Files.readString(axeFile, StandardCharsets.UTF_8);
    Files.createDirectories(OUT);
    run = LocalRun.start(work, Duration.ofSeconds(180));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // a phone's width: the pages must read there; tall, so that a screenshot holds the page
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=412,2200");
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build(),
            options);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (run != null) {
      run.close();
    }
    if (!metrics.isEmpty()) {
      Files.write(OUT.resolve("metrics.txt"), metrics);
    }
  }

  private static Path repository() {
    return Path.of(System.getProperty("backstride.repository", "..")).toAbsolutePath().normalize();
  }

  @Test
  void fromTheEmailsLinkThroughEveryPageToUnsubscribe() throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    run.putProfile(
        ATHLETE,
        JSON.createObjectNode()
            .put("email", EMAIL)
            .put("name", NAME)
            .put("timeZone", "UTC")
            .put("units", "km")
            .put("notifications", true)
            .toString());
    List<DemoHistory.DemoRun> runs =
        DemoHistory.runs(today, DemoHistory.startAt(Instant.now()), 14L);
    for (DemoHistory.DemoRun r : runs) {
      assertThat(run.uploadFile(ATHLETE, r.gpx().getBytes(StandardCharsets.UTF_8)).status())
          .isEqualTo(202);
    }
    LocalDate lastDay = runs.get(runs.size() - 1).date();
    run.await(ATHLETE, t -> t.containsKey(lastDay) && t.get(lastDay).getAcuteRuns() == 3, true);

    // the email, as received by the SMTP sink
    MimeMessage first =
        await().atMost(Duration.ofSeconds(60)).until(() -> mails(), m -> m.size() == 1).get(0);
    String unsubscribeHeader = first.getHeader("List-Unsubscribe", ",");
    assertThat(unsubscribeHeader)
        .startsWith("<" + run.pagesUrl().replace("127.0.0.1", "localhost") + "/u/")
        .contains("<mailto:");
    assertThat(first.getHeader("List-Unsubscribe-Post", ","))
        .isEqualTo("List-Unsubscribe=One-Click");
    assertThat(html(first)).contains("per week (m)");
    String link = DemoCommand.pagesLink(first, run.pagesUrl()).orElseThrow();
    String base = link.substring(0, link.indexOf("/a/"));

    // the load page: the chart of twelve weeks, the alert's week marked, the figures in words
    browser.get(link);
    assertThat(browser.getTitle()).isEqualTo("Your load - backstride");
    String load = text();
    assertThat(load).contains(NAME + ", your running week by week").contains("Downhill this week");
    assertThat(browser.findElements(By.cssSelector("svg.chart"))).hasSize(3);
    assertThat(browser.findElements(By.cssSelector("svg.chart rect[fill='#b3261e']"))).isNotEmpty();
    assertThat(alertDialogs()).isZero();
    checked("load");

    browser.findElement(By.linkText("Alerts")).click();
    pageSays(
        text ->
            assertThat(text)
                .contains("Downhill running rose quickly")
                .contains("not medical advice"));
    checked("alerts");
    // the load page again, by the menu and the cookie: its time once the JVM and clients are warm
    browser.findElement(By.linkText("Your load")).click();
    assertThat(browser.findElements(By.cssSelector("svg.chart"))).hasSize(3);
    checked("load-again");

    // report pain: the email about it quotes the note, which the page showed as text
    browser.findElement(By.linkText("Report back pain")).click();
    checked("pain");
    new Select(browser.findElement(By.id("severity"))).selectByValue("6");
    browser.findElement(By.id("when-during")).click();
    browser.findElement(By.id("note")).sendKeys(NOTE);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    pageSays(
        text ->
            assertThat(text).contains("6 out of 10 on " + today).contains("You wrote: " + NOTE));
    assertThat(alertDialogs()).isZero();
    checked("pain-sent");
    MimeMessage pain = awaitMail(2);
    assertThat(pain.getSubject()).isEqualTo("About the back pain you reported");
    assertThat(plain(pain)).contains("You wrote: \u201c" + NOTE + "\u201d");

    // miles: the next email is in miles
    browser.findElement(By.linkText("Preferences")).click();
    browser.findElement(By.id("units-mi")).click();
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    pageSays(text -> assertThat(text).contains("Saved."));
    assertThat(browser.findElement(By.id("units-mi")).isSelected()).isTrue();
    assertThat(browser.findElement(By.id("timeZone")).getAttribute("value")).isEqualTo("UTC");
    checked("preferences");
    // worse pain than before: the rules raise it again within their cool-down
    reportPain(base, today.minusDays(1), 8);
    MimeMessage inMiles = awaitMail(3);
    assertThat(html(inMiles)).contains("per week (mi)").doesNotContain("per week (km)");

    // one click, as a mail client does it (RFC 8058): a POST without cookie or page
    String unsubscribe = between(unsubscribeHeader, "<", ">");
    HttpResponse<String> oneClick =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(unsubscribe))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(oneClick.statusCode()).isEqualTo(200);
    // and the same link in the browser: it asks, then says it worked and offers to undo
    browser.get(unsubscribe);
    checked("unsubscribe");
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    pageSays(text -> assertThat(text).contains("You are unsubscribed"));
    assertThat(browser.findElements(By.cssSelector("form[action$='/undo'] button"))).hasSize(1);
    checked("unsubscribed");

    // no more emails; the alert (pain on a third day: it keeps coming back) still reaches the topic
    LocalDate third = today.plusDays(1);
    reportPain(base, third, 5);
    try (TopicReader<BackPainRiskAlert> alerts =
        new TopicReader<>(
            KafkaConnection.plaintext(run.stack().bootstrapServers()),
            new AvroSerdes(new RestSchemaRegistryClient(run.stack().registryUrl())),
            Topics.BACK_PAIN_ALERTS)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  alerts.poll(Duration.ofMillis(200)).stream()
                      .map(ConsumerRecord::value)
                      .anyMatch(
                          a -> a.getAthleteId().equals(ATHLETE) && a.getDate().equals(third)));
    }
    run.await(ATHLETE, t -> true, true);
    assertThat(mails()).hasSize(3);

    // forged and cross-athlete links in the browser: the 403 page
    browser.get(link.substring(0, link.length() - 3) + "AAA");
    pageSays(text -> assertThat(text).contains("This link is not valid"));
    checked("refused");
  }

  private static void reportPain(String base, LocalDate day, int severity) {
    // by address: the page after unsubscribing has no menu
    browser.get(base + "/me/pain");
    WebElement date = browser.findElement(By.id("date"));
    // a date input's typing is locale-bound; its value is not
    ((JavascriptExecutor) browser)
        .executeScript("arguments[0].value = arguments[1]", date, day.toString());
    new Select(browser.findElement(By.id("severity"))).selectByValue(String.valueOf(severity));
    browser.findElement(By.id("when-after")).click();
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    pageSays(text -> assertThat(text).contains(severity + " out of 10 on " + day));
  }

  private static List<MimeMessage> mails() throws Exception {
    List<MimeMessage> out = new ArrayList<>();
    for (MimeMessage m : run.stack().smtpSink().received()) {
      if (m.getAllRecipients()[0].toString().equals(EMAIL)) {
        out.add(m);
      }
    }
    return out;
  }

  private static MimeMessage awaitMail(int n) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(PagesBrowserIT::mails, m -> m.size() >= n)
        .get(n - 1);
  }

  private static String text() {
    return browser.findElement(By.tagName("body")).getText();
  }

  /**
   * The page the browser has come to says this: after a click that submits a form, the next
   * document may not be there yet (no body, or still the form's), so this waits for it.
   */
  private static void pageSays(java.util.function.Consumer<String> check) {
    await()
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptions()
        .untilAsserted(() -> check.accept(text()));
  }

  /** Dialogs opened by a script that should have been text: none, or the browser would hold one. */
  private static int alertDialogs() {
    try {
      browser.switchTo().alert();
      return 1;
    } catch (org.openqa.selenium.NoAlertPresentException none) {
      return 0;
    }
  }

  /**
   * The page passes axe-core without a serious or critical violation; its screenshot is saved; its
   * bytes and server time are noted.
   */
  private static void checked(String page) throws Exception {
    JavascriptExecutor js = (JavascriptExecutor) browser;
    js.executeScript(axe);
    String result =
        (String)
            js.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "axe.run(document, {resultTypes: ['violations']})"
                    + ".then(r => done(JSON.stringify(r.violations)))"
                    + ".catch(e => done(JSON.stringify([{id: 'axe-error', impact: 'critical',"
                    + " help: String(e)}])));");
    JsonNode violations = JSON.readTree(result);
    List<String> severe = new ArrayList<>();
    List<String> minor = new ArrayList<>();
    for (JsonNode v : violations) {
      String line =
          v.path("impact").asText() + " " + v.path("id").asText() + ": " + v.path("help").asText();
      if (v.path("impact").asText().equals("serious")
          || v.path("impact").asText().equals("critical")) {
        severe.add(line);
      } else {
        minor.add(line);
      }
    }
    assertThat(severe).as("axe-core on the " + page + " page").isEmpty();
    Path shot = OUT.resolve(page + ".png");
    Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> m =
        (java.util.Map<String, Object>)
            js.executeScript(
                "const n = performance.getEntriesByType('navigation')[0];"
                    + "const t = n.serverTiming.find(s => s.name === 'page');"
                    + "const r = performance.getEntriesByType('resource');"
                    + "return {html: n.decodedBodySize, transfer: n.transferSize,"
                    + " css: r.reduce((s, e) => s + e.decodedBodySize, 0),"
                    + " server: t ? t.duration : -1, response: n.responseEnd - n.requestStart};");
    String line =
        String.format(
            Locale.ROOT,
            "%-13s html %6d B, css %5d B, server %6.1f ms, request to response end %6.1f ms, axe minor: %s, screenshot %s",
            page,
            ((Number) m.get("html")).longValue(),
            ((Number) m.get("css")).longValue(),
            ((Number) m.get("server")).doubleValue(),
            ((Number) m.get("response")).doubleValue(),
            minor.isEmpty() ? "none" : String.join("; ", minor),
            shot.toAbsolutePath());
    metrics.add(line);
    System.out.println("pages: " + line);
  }

  private static String between(String s, String open, String close) {
    int a = s.indexOf(open);
    return s.substring(a + 1, s.indexOf(close, a));
  }

  private static String html(Part p) throws Exception {
    return part(p, "text/html").orElse("");
  }

  private static String plain(Part p) throws Exception {
    return part(p, "text/plain").orElse("");
  }

  private static Optional<String> part(Part p, String type) throws Exception {
    if (p.isMimeType(type)) {
      return Optional.of(String.valueOf(p.getContent()));
    }
    if (p.getContent() instanceof Multipart mp) {
      for (int i = 0; i < mp.getCount(); i++) {
        Optional<String> found = part(mp.getBodyPart(i), type);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }
}
