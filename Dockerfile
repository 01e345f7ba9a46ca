# syntax=docker/dockerfile:1
# The service image: docker build -t budget-sync:0.1.0 .   (the name k8s/deployment.yaml runs)
# Not built in CI: these machines have no Docker engine (README, "Container image").

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml ./
COPY src ./src
COPY docs/openapi.yaml ./docs/openapi.yaml
# The cache mount keeps Maven's downloads between builds; it is not part of the image.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -DskipTests
# A Java runtime of only the modules the service uses (jlink): 51 MB on disk where a full JRE is
# several times that. jdeps sees only java.base, java.logging and jdk.unsupported, because the rest
# is reached by reflection or service loading: JDBC (java.sql), Hazelcast (java.management,
# jdk.management), JNDI DNS for Kubernetes discovery (java.naming, jdk.naming.dns), TLS to
# PostgreSQL (jdk.crypto.ec, java.security.jgss, java.security.sasl), the CLI's HTTP client
# (java.net.http), logback and Jackson (java.xml, java.desktop for java.beans), zip file systems.
RUN jlink --add-modules java.base,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,java.desktop,java.security.jgss,java.security.sasl,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs \
          --strip-debug --no-header-files --no-man-pages --compress=2 --output /jre

# Debian slim rather than distroless: it keeps a shell, which the health check below and the
# Deployment's preStop `sleep` need, for a few MB more.
FROM debian:bookworm-slim
ENV JAVA_HOME=/opt/java PATH=/opt/java/bin:$PATH
COPY --from=build /jre /opt/java
# The uid and gid are the ones k8s/deployment.yaml runs as.
RUN groupadd --system --gid 10001 budget-sync \
    && useradd --system --uid 10001 --gid budget-sync --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin budget-sync
WORKDIR /app
COPY --from=build /build/target/budget-sync.jar ./budget-sync.jar
COPY conf/ ./conf/
# data/ only matters for the embedded PostgreSQL (its data and unpacked binaries), used when
# neither DATABASE_URL nor a local server is set.
RUN mkdir data && chown budget-sync:budget-sync data
USER 10001:10001

# The heap follows the container's memory limit; the serial collector leaves one or two cores to
# the event loops (docs/performance.md). A JVM that runs out of memory exits (and is restarted)
# rather than limping on with threads that died of OutOfMemoryError (docs/security.md).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"
# 8080 HTTP; 9090 metrics and health without a token when MANAGEMENT_PORT=9090 (keep it private);
# in cluster mode (CLUSTER=true) 5701 Hazelcast and 5702 the event bus (CLUSTER_PORT).
EXPOSE 8080 9090 5701 5702
# Liveness never touches the database, so a database outage does not mark the container unhealthy.
# No curl in the image: bash's /dev/tcp sends the request and the status line is checked.
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${HTTP_PORT:-8080} && printf 'GET /health/live HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# `docker run budget-sync:0.1.0` serves; `docker run budget-sync:0.1.0 status --url ...` runs a command.
ENTRYPOINT ["java", "-jar", "/app/budget-sync.jar"]
CMD ["serve"]
