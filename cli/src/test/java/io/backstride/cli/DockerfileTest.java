package io.backstride.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The Dockerfile against the poms it builds: no Docker engine here to build it, so what can go
 * stale by an edit elsewhere is checked here. The module list it copies must be the reactor's
 * (Maven reads every module's pom), the sources it copies exactly what {@code -pl cli -am} builds
 * (so a module added to the cli's dependencies cannot be forgotten, and the benchmarks stay out),
 * and the jar it ships the one the cli module makes.
 */
class DockerfileTest {
  private static final Path REPOSITORY =
      Path.of(System.getProperty("backstride.repository", "..")).toAbsolutePath().normalize();

  @Test
  void copiesThePomOfEveryModuleBeforeAnySource() throws Exception {
    List<String> lines = dockerfile();
    Set<String> poms = new TreeSet<>();
    int lastPom = -1;
    int firstSource = Integer.MAX_VALUE;
    for (int i = 0; i < lines.size(); i++) {
      Matcher pom = Pattern.compile("COPY ([a-z-]+)/pom\\.xml \\1/").matcher(lines.get(i));
      if (pom.matches()) {
        poms.add(pom.group(1));
        lastPom = i;
      }
      if (lines.get(i).matches("COPY [a-z-]+/src .*")) {
        firstSource = Math.min(firstSource, i);
      }
    }

    assertThat(poms).isEqualTo(new TreeSet<>(modules()));
    assertThat(lines).contains("COPY pom.xml ./");
    assertThat(lastPom).as("the poms come before the sources").isLessThan(firstSource);
    int goOffline = indexOf(lines, "RUN mvn -B -q -pl cli -am dependency:go-offline");
    assertThat(goOffline).isBetween(lastPom, firstSource);
  }

  @Test
  void copiesTheSourcesOfExactlyTheModulesTheCliNeedsAndBuildsOnlyThose() throws Exception {
    List<String> lines = dockerfile();
    Set<String> sources = new TreeSet<>();
    for (String line : lines) {
      Matcher source = Pattern.compile("COPY ([a-z-]+)/src \\1/src").matcher(line);
      if (source.matches()) {
        sources.add(source.group(1));
        assertThat(REPOSITORY.resolve(source.group(1)).resolve("src")).isDirectory();
      }
    }

    assertThat(sources).isEqualTo(cliAndWhatItNeeds());
    assertThat(sources).doesNotContain("benchmarks");
    assertThat(lines).contains("RUN mvn -B -q -pl cli -am -Dmaven.test.skip=true package");
  }

  @Test
  void shipsTheCliJarAndItsLibrariesAndRunsAsAUserOtherThanRoot() throws Exception {
    List<String> lines = dockerfile();
    Element cli = pom("cli");
    String finalName = cli.getElementsByTagName("finalName").item(0).getTextContent();
    List<String> runtime = lines.subList(lastIndexOf(lines, "FROM "), lines.size());

    assertThat(runtime)
        .contains(
            "COPY --from=build /src/cli/target/" + finalName + ".jar /app/" + finalName + ".jar",
            "COPY --from=build /src/cli/target/lib /app/lib");
    String user =
        runtime.stream().filter(l -> l.startsWith("USER ")).findFirst().orElseThrow().substring(5);
    assertThat(user).isNotIn("root", "0");
  }

  /** The modules the root pom lists. */
  private static List<String> modules() throws Exception {
    NodeList modules = root(REPOSITORY.resolve("pom.xml")).getElementsByTagName("module");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < modules.getLength(); i++) {
      names.add(modules.item(i).getTextContent().strip());
    }
    assertThat(names).contains("cli", "benchmarks");
    return names;
  }

  /** cli and every module it depends on within the reactor, at any depth and in any scope. */
  private static Set<String> cliAndWhatItNeeds() throws Exception {
    Map<String, String> moduleOfArtifact = new LinkedHashMap<>();
    for (String module : modules()) {
      moduleOfArtifact.put(ownChild(pom(module), "artifactId"), module);
    }
    Set<String> needed = new TreeSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of("cli"));
    while (!todo.isEmpty()) {
      String module = todo.pop();
      if (!needed.add(module)) {
        continue;
      }
      NodeList dependencies = pom(module).getElementsByTagName("dependency");
      for (int i = 0; i < dependencies.getLength(); i++) {
        Element dependency = (Element) dependencies.item(i);
        String artifact = ownChild(dependency, "artifactId");
        if ("io.backstride".equals(ownChild(dependency, "groupId"))
            && moduleOfArtifact.containsKey(artifact)) {
          todo.push(moduleOfArtifact.get(artifact));
        }
      }
    }
    return needed;
  }

  private static String ownChild(Element element, String tag) {
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element e && e.getTagName().equals(tag)) {
        return e.getTextContent().strip();
      }
    }
    return null;
  }

  private static Element pom(String module) throws Exception {
    return root(REPOSITORY.resolve(module).resolve("pom.xml"));
  }

  private static Element root(Path pom) throws Exception {
    Document document =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    return document.getDocumentElement();
  }

  private static List<String> dockerfile() throws IOException {
    return Files.readAllLines(REPOSITORY.resolve("Dockerfile"), StandardCharsets.UTF_8).stream()
        .map(String::strip)
        .toList();
  }

  private static int indexOf(List<String> lines, String line) {
    int index = lines.indexOf(line);
    assertThat(index).as(line).isNotNegative();
    return index;
  }

  private static int lastIndexOf(List<String> lines, String prefix) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no line starting with " + prefix);
  }
}
