# Image of the platform (with its in-process evaluator) for docker-compose deployments.
# Build: docker compose build   (needs access to Docker Hub and Maven Central)
# The in-process evaluator needs the engine host's static busybox at /bin/busybox (the sandbox's
# supervisor, bind-mounted into every sandbox by host path): docker-compose.yml mounts it.
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:21-jre
COPY --from=build /src/platform/target/palmares.jar /opt/palmares/palmares.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/palmares/palmares.jar"]
CMD ["serve"]
