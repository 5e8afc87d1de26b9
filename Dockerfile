# One image for every backstride service; docker-compose.yml picks the main class per service.
# Build stage: what the image ships (the cli module and the modules it needs: `-pl cli -am`, so not
# the benchmarks), tests neither compiled nor run (CI runs them), on the same Java as the runtime.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src

# The poms alone first, and the dependencies and plugins they name fetched into their own layer:
# an edit to the sources reuses it, only an edit to a pom fetches again. Maven reads every module's
# pom listed in the root pom, the benchmarks' too, even though it does not build them.
COPY .mvn .mvn
COPY pom.xml ./
COPY core/pom.xml core/
COPY schemas/pom.xml schemas/
COPY embedded-kafka/pom.xml embedded-kafka/
COPY platform/pom.xml platform/
COPY localstack/pom.xml localstack/
COPY ingest/pom.xml ingest/
COPY streams/pom.xml streams/
COPY alerts/pom.xml alerts/
COPY pages/pom.xml pages/
COPY cli/pom.xml cli/
COPY benchmarks/pom.xml benchmarks/
# go-offline leaves the reactor's own modules out (excludeReactor), which are not built yet; what
# it misses (a plugin's own late dependency) the package step below still fetches.
RUN mvn -B -q -pl cli -am dependency:go-offline

COPY core/src core/src
COPY schemas/src schemas/src
COPY embedded-kafka/src embedded-kafka/src
COPY platform/src platform/src
COPY localstack/src localstack/src
COPY ingest/src ingest/src
COPY streams/src streams/src
COPY alerts/src alerts/src
COPY pages/src pages/src
COPY cli/src cli/src
RUN mvn -B -q -pl cli -am -Dmaven.test.skip=true package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/cli/target/backstride.jar /app/backstride.jar
COPY --from=build /src/cli/target/lib /app/lib
RUN useradd --system --uid 10001 backstride && mkdir -p /var/lib/backstride && chown backstride /var/lib/backstride
USER backstride
ENV BACKSTRIDE_STATE_DIR=/var/lib/backstride
# No HEALTHCHECK here: each service listens on its own port (ingest 8080, training-load 8082,
# pages 8083, alerts 8084) and the one-shot topics job has none, so docker-compose.yml gives each
# service its check, io.backstride.cli.HealthProbe on that service's /health/ready.
ENTRYPOINT ["java", "-cp", "/app/backstride.jar:/app/lib/*"]
