# Image of the platform (with its in-process evaluator) for docker-compose deployments.
# Build: docker compose build   (needs access to Docker Hub and Maven Central)
FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:21-jre
COPY --from=build /src/platform/target/palmares.jar /opt/palmares/palmares.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/palmares/palmares.jar"]
CMD ["serve"]
