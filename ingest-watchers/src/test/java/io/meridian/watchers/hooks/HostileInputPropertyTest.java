package io.meridian.watchers.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meridian.config.HttpConfig;
import io.meridian.http.HttpApi;
import io.meridian.schemas.FileEvent;
import io.meridian.watchers.publish.RecordingSink;
import io.meridian.watchers.publish.SequenceClock;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile hook input (issue #13) against every hook edge: {@link EventValidator#checkJson}, the line
 * loop of {@code meridian publish} ({@link EventLines}) and {@code POST /v1/events} over HTTP. For
 * every generated line: no exception escapes, a refusal has a reason that names a field or says the
 * text is not one JSON object, an event is accepted exactly when {@link ReferenceEvent} says it is
 * valid, and what is published is what was sent. jqwik prints the seed of every run; replay one with
 * {@code @Property(seed = "...")} (failures also replay from target/jqwik-database).
 */
class HostileInputPropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAMES_PROBLEM = Pattern.compile(
            "^(not JSON: .+|expected a JSON object|unknown silo '.*|a RENAME needs 'previousPath'|unknown field '.+|missing '\\w+'.*"
                    + "|'\\w+' .+)", Pattern.DOTALL);
    private static HttpApi api;
    private static RecordingSink httpSink;

    private final EventValidator validator = validator();

    static EventValidator validator() {
        return new EventValidator(ReferenceEvent.MOUNTS, new SequenceClock(Clock.fixed(ReferenceEvent.NOW, ZoneOffset.UTC)));
    }

    @BeforeContainer
    static void startHttp() throws Exception {
        httpSink = new RecordingSink();
        api = new HttpApi(new HttpConfig("127.0.0.1", 0, null, null), name -> null);
        EventsRoute.register(api, validator(), httpSink);
        api.start();
    }

    @AfterContainer
    static void stopHttp() {
        api.close();
    }

    @Property(tries = 2000)
    void validatorAcceptsExactlyTheValidLinesAndNamesTheProblemOfTheOthers(@ForAll("lines") HostileLines.Line line) {
        EventValidator.Checked checked = validator.checkJson(line.text());
        Statistics.label("valid").collect(line.valid());

        if (line.valid()) {
            assertThat(checked.error()).as(line.text()).isNull();
            assertThat(checked.event().getPath()).isEqualTo(line.fields().get("path"));
            assertThat(checked.event().getSize()).isEqualTo(((Number) line.fields().getOrDefault("size", 0)).longValue());
        } else {
            assertThat(checked.ok()).as(line.text()).isFalse();
            assertThat(checked.error()).as(line.text()).matches(NAMES_PROBLEM).hasSizeLessThan(600);
        }
    }

    @Property(tries = 200)
    void publishLoopGoesOnAfterBadLinesAndCountsBoth(@ForAll @Size(max = 30) List<HostileLines.@From("lines") Line> lines) throws Exception {
        RecordingSink sink = new RecordingSink();
        StringWriter err = new StringWriter();
        String input = lines.stream().map(HostileLines.Line::text).collect(Collectors.joining("\n"));

        EventLines.Summary summary = EventLines.publish(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                validator, sink, new PrintWriter(err, true));

        List<Integer> bad = IntStream.range(0, lines.size()).filter(i -> !lines.get(i).valid()).boxed().toList();
        assertThat(summary.refused()).isEqualTo(bad.size());
        assertThat(summary.published()).isEqualTo(lines.size() - bad.size());
        assertThat(err.toString().lines().map(l -> l.substring(0, l.indexOf(':')))).containsExactlyElementsOf(
                bad.stream().map(i -> "line " + (i + 1)).toList());
        assertThat(sink.events()).extracting(FileEvent::getPath).containsExactlyElementsOf(
                lines.stream().filter(HostileLines.Line::valid).map(l -> (String) l.fields().get("path")).toList());
    }

    @Property(tries = 60)
    void eventsRouteAnswersPerItemAndNeverFiveHundred(@ForAll @Size(max = 20) List<@From("items") Map<String, Object>> items)
            throws Exception {
        httpSink.clear();
        HttpResponse<String> response = post(HostileLines.write(items));

        JsonNode body = JSON.readTree(response.body());
        long valid = items.stream().filter(ReferenceEvent::valid).count();
        int status = valid == items.size() ? 200 : valid == 0 ? 400 : 207;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(body.get("published").asLong()).isEqualTo(valid);
        assertThat(body.get("failed").asLong()).isEqualTo(items.size() - valid);
        for (int i = 0; i < items.size(); i++) {
            JsonNode result = body.get("results").get(i);
            assertThat(result.get("index").asInt()).isEqualTo(i);
            assertThat(result.get("ok").asBoolean()).as(HostileLines.write(items.get(i))).isEqualTo(ReferenceEvent.valid(items.get(i)));
            if (!result.get("ok").asBoolean()) {
                assertThat(result.get("error").asText()).matches(NAMES_PROBLEM);
            }
        }
        assertThat(httpSink.events()).hasSize((int) valid);
    }

    @Property(tries = 60)
    void eventsRouteRefusesBodiesThatAreNotOneArrayWith400(@ForAll("lines") HostileLines.Line line) throws Exception {
        String body = line.fields() == null ? "[" + line.text() : "[" + HostileLines.write(line.fields()) + "] x";

        HttpResponse<String> response = post(body);

        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(response.body()).contains("not JSON");
    }

    @Provide
    Arbitrary<HostileLines.Line> lines() {
        return HostileLines.lines();
    }

    @Provide
    Arbitrary<Map<String, Object>> items() {
        return HostileLines.items();
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.url() + EventsRoute.PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
