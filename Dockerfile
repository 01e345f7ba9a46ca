# syntax=docker/dockerfile:1
# The service image: docker build -t budget-sync:0.1.0 .   (the name k8s/deployment.yaml runs)
# Not built in CI: these machines have no Docker engine (README, "Container image").

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY src ./src
# The cache mount keeps Maven's downloads between builds; it is not part of the image.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
# curl for the health check (installed here rather than assumed in the base image); the uid and
# gid are the ones k8s/deployment.yaml runs as.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 budget-sync \
    && useradd --system --uid 10001 --gid budget-sync --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin budget-sync
WORKDIR /app
COPY --from=build /build/target/budget-sync.jar ./budget-sync.jar
COPY conf/ ./conf/
# data/ only matters for the embedded PostgreSQL, used when neither DATABASE_URL nor a local server is set.
RUN mkdir data && chown budget-sync:budget-sync data
USER 10001:10001

# The heap follows the container's memory limit; the serial collector leaves one or two cores to
# the event loops (docs/performance.md). A JVM that runs out of memory exits (and is restarted)
# rather than limping on with threads that died of OutOfMemoryError (docs/security.md).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
# 8080 HTTP; in cluster mode (CLUSTER=true) 5701 Hazelcast and 5702 the event bus (CLUSTER_PORT).
EXPOSE 8080 5701 5702
# Liveness never touches the database, so a database outage does not mark the container unhealthy.
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${HTTP_PORT:-8080}/health/live" > /dev/null || exit 1

# `docker run budget-sync:0.1.0` serves; `docker run budget-sync:0.1.0 status --url ...` runs a command.
ENTRYPOINT ["java", "-jar", "/app/budget-sync.jar"]
CMD ["serve"]
