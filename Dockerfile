# Runtime image of the meridian command. Build the jars first: mvn -B -DskipTests -pl cli -am package
FROM eclipse-temurin:17-jre
WORKDIR /opt/meridian
COPY cli/target/lib/ lib/
COPY cli/target/meridian.jar meridian.jar
ENTRYPOINT ["java", "-cp", "/opt/meridian/meridian.jar:/opt/meridian/lib/*", "io.meridian.cli.Meridian"]
