# s2s-broker container image. Build: docker build -t s2s-broker .
# Multi-stage: the Maven wrapper builds on a JDK, the app runs on a Java 25 JRE as a non-root user.
# Base images are pinned to a Temurin release; bump both together.

FROM eclipse-temurin:25.0.3_9-jdk-noble AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp -q dependency:go-offline
# openapi.yaml: the build generates the tests' API client from it (they are compiled, not run).
COPY openapi.yaml ./
COPY src/ src/
RUN ./mvnw -B -ntp -q -DskipTests package \
 && java -Djarmode=tools -jar target/s2s-broker-*.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:25.0.3_9-jre-noble
RUN groupadd --system --gid 10001 broker \
 && useradd --system --uid 10001 --gid broker --no-create-home --shell /usr/sbin/nologin broker
WORKDIR /app
# Spring Boot layers, least to most often changed, so a code change rebuilds only the last layer.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER 10001:10001
# Read-only root file system friendly: the only writes go to /tmp (mount an emptyDir there).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp" \
    SERVER_PORT=8080
EXPOSE 8080
# Probes: GET /actuator/health/liveness and /actuator/health/readiness (the JRE image has no curl,
# so Kubernetes probes do this rather than a HEALTHCHECK).
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
