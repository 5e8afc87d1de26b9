# One image for every backstride service; docker-compose.yml picks the main class per service.
# Build stage: the whole reactor, tests skipped (CI runs them), on the same Java as the runtime.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B -DskipTests -Dspotless.check.skip=true package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/cli/target/backstride.jar /app/backstride.jar
COPY --from=build /src/cli/target/lib /app/lib
RUN useradd --system --uid 10001 backstride && mkdir -p /var/lib/backstride && chown backstride /var/lib/backstride
USER backstride
ENV BACKSTRIDE_STATE_DIR=/var/lib/backstride
ENTRYPOINT ["java", "-cp", "/app/backstride.jar:/app/lib/*"]
