package io.c2intents.observer.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.c2intents.events.Topics;
import io.c2intents.hubble.json.HubbleJson;
import io.c2intents.observer.NewRecords;
import io.c2intents.observer.metrics.ObserverMetrics;
import io.c2intents.testsupport.KafkaTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * What real exports contain besides clean lines: a byte-order mark, CRLF, blank lines, a truncated line, a line
 * that is not JSON, a pretty-printed object, unknown fields, a bare flow, node status and lost events, and a file
 * rotated while it is followed. Bad lines are counted and logged with file and line; the stream goes on.
 */
@QuarkusTest
@TestProfile(FileSourceProfile.class)
@WithTestResource(KafkaTestResource.class)
class BadInputTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Inject
    ObserverMetrics metrics;

    @Inject
    MeterRegistry registry;

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            warnings.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        Logger.getLogger(FileFlowSource.class.getName()).addHandler(capture);
    }

    @AfterEach
    void releaseLogs() {
        Logger.getLogger(FileFlowSource.class.getName()).removeHandler(capture);
    }

    @Test
    void badLinesAreCountedAndLoggedWithFileAndLineWhileEveryGoodFlowIsPublished() throws Exception {
        TestFlows flows = new TestFlows();
        String flow1 = HubbleJson.write(flows.flow(1));
        String flow2 = HubbleJson.write(flows.flow(2));
        String flow3 = HubbleJson.write(flows.flow(3));
        String flow4 = HubbleJson.write(flows.flow(4));
        var bare = flows.flow(5);
        String flow5Bare = HubbleJson.writeBare(bare);
        String flow6 = HubbleJson.write(flows.flow(6));
        String flow4WithUnknownFields = flow4.replace("\"verdict\":", "\"added_in_cilium_2\":{\"x\":[1,{}]},\"verdict\":")
                .replaceFirst("}$", ",\"cluster\":\"not-in-our-proto\"}");
        String prettyFlow3 = PRETTY.writeValueAsString(MAPPER.readTree(flow3));
        String lostEvents = "{\"lost_events\":{\"source\":\"PERF_EVENT_RING_BUFFER\",\"num_events_lost\":\"11\","
                + "\"cpu\":2},\"node_name\":\"node-" + flows.run + "\",\"time\":\"2024-05-01T10:00:02Z\"}";
        String nodeStatus = "{\"node_status\":{\"state_change\":\"NODE_ERROR\",\"node_names\":[\"node-" + flows.run
                + "\"],\"message\":\"boom\"}}";

        List<String> lines = new ArrayList<>();
        lines.add("\uFEFF" + flow1);                              // 1: byte-order mark
        lines.add("");                                            // 2: blank
        lines.add("   \t ");                                      // 3: blank
        lines.add(flow2.substring(0, flow2.length() / 2));        // 4: truncated
        lines.add("this is not json");                            // 5
        lines.add(flow2);                                         // 6
        lines.addAll(prettyFlow3.lines().toList());               // 7..: pretty-printed
        int afterPretty = lines.size() + 1;
        lines.add(flow4WithUnknownFields);
        lines.add(flow5Bare);                                     // old CLI format
        lines.add(nodeStatus);
        lines.add(lostEvents);
        lines.add("[1,2,3]");
        int arrayLine = lines.size();
        lines.add(flow6);
        double errorsBefore = metrics.parseErrorCount();
        double lostBefore = lostCount("PERF_EVENT_RING_BUFFER");

        try (NewRecords topic = NewRecords.of(Topics.HUBBLE_FLOWS)) {
            Files.writeString(FileSourceProfile.DIR.resolve("bad-input-" + flows.run + ".json"),
                    String.join("\r\n", lines) + "\r\n", StandardCharsets.UTF_8);

            List<ConsumerRecord<String, String>> published = topic.await(
                    r -> r.key().startsWith("c2-lab/target-" + flows.run), 6, Duration.ofSeconds(90));

            // Each flow has its own pod, so they spread over partitions: compare by key, not by arrival.
            assertThat(published).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder(flows.key(1), flows.key(2), flows.key(3), flows.key(4), flows.key(5),
                            flows.key(6));
            Map<String, String> byKey = published.stream()
                    .collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value));
            assertThat(byKey.get(flows.key(1))).as("BOM and CRLF gone, line as read").isEqualTo(flow1);
            assertThat(byKey.get(flows.key(2))).isEqualTo(flow2);
            assertThat(byKey.get(flows.key(3))).as("pretty-printed object, joined").doesNotContain("\n");
            assertThat(MAPPER.readTree(byKey.get(flows.key(3)))).isEqualTo(MAPPER.readTree(flow3));
            assertThat(byKey.get(flows.key(4))).as("unknown fields kept, as read").isEqualTo(flow4WithUnknownFields);
            assertThat(MAPPER.readTree(byKey.get(flows.key(5)))).as("bare flow wrapped")
                    .isEqualTo(MAPPER.readTree(HubbleJson.write(bare)));
            assertThat(byKey.get(flows.key(6))).isEqualTo(flow6);
        }

        assertThat(metrics.parseErrorCount() - errorsBefore).as("truncated, not JSON, array").isEqualTo(3);
        assertThat(lostCount("PERF_EVENT_RING_BUFFER") - lostBefore).isEqualTo(11);
        String file = "bad-input-" + flows.run + ".json";
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains(file + ":4").contains("hubble observe -o json"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains(file + ":5").contains("not valid JSON"));
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains(file + ":" + arrayLine));
        assertThat(warnings).noneSatisfy(w -> assertThat(w).contains(file + ":" + (afterPretty - 1)));
    }

    @Test
    void aFollowedFileRotatedUnderTheReaderLosesNoLineAndRepeatsNone() throws Exception {
        TestFlows flows = new TestFlows();
        Path log = FileSourceProfile.DIR.resolve("events-" + flows.run + ".log");
        try (NewRecords topic = NewRecords.of(Topics.HUBBLE_FLOWS)) {
            Files.writeString(log, HubbleJson.write(flows.flow(1)) + "\n");
            topic.await(r -> r.key().equals(flows.key(1)), 1, Duration.ofSeconds(90));
            // The writer goes on, then renames the file away (rotation) and, still holding it, writes once more.
            Files.writeString(log, HubbleJson.write(flows.flow(2)) + "\n", StandardOpenOption.APPEND);
            Path rotated = FileSourceProfile.DIR.resolve("events-" + flows.run + ".log.1");
            Files.move(log, rotated);
            Files.writeString(rotated, HubbleJson.write(flows.flow(3)) + "\n", StandardOpenOption.APPEND);
            // A new file under the old name; half a line first, the rest later, as a writer mid-line would.
            String flow4 = HubbleJson.write(flows.flow(4));
            Files.writeString(log, flow4.substring(0, 40));
            Files.writeString(log, flow4.substring(40) + "\n" + HubbleJson.write(flows.flow(5)) + "\n",
                    StandardOpenOption.APPEND);

            List<ConsumerRecord<String, String>> published = topic.await(
                    r -> r.key().startsWith("c2-lab/target-" + flows.run), 5, Duration.ofSeconds(90));
            assertThat(published).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder(flows.key(1), flows.key(2), flows.key(3), flows.key(4),
                            flows.key(5));
            assertThat(published).filteredOn(r -> r.key().equals(flows.key(4))).extracting(ConsumerRecord::value)
                    .containsExactly(flow4);
        }
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    private double lostCount(String source) {
        var counter = registry.find("observer.lost.events").tag("source", source).counter();
        return counter == null ? 0 : counter.count();
    }
}
