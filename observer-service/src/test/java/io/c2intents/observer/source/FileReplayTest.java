package io.c2intents.observer.source;

import io.c2intents.events.Topics;
import io.c2intents.hubble.json.FlowKeys;
import io.c2intents.hubble.json.HubbleJson;
import io.c2intents.observer.NewRecords;
import io.c2intents.observer.metrics.ObserverMetrics;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.SharedData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real capture in shared/data/hubble-flows, replayed through the file source into the real broker: each flow
 * line is published once, keyed by its pod end, with the line itself as the value.
 */
@QuarkusTest
@TestProfile(FileSourceProfile.class)
@WithTestResource(KafkaTestResource.class)
class FileReplayTest {

    @Inject
    ObserverMetrics metrics;

    @Test
    void everyCaptureLineIsPublishedOnceWithItsPodKeyAndAsRead() throws Exception {
        Path captures = SharedData.require("hubble-flows");
        List<Path> files;
        try (Stream<Path> list = Files.list(captures)) {
            files = list.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList();
        }
        Map<String, String> expectedKeyByLine = new HashMap<>();
        for (Path file : files) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    expectedKeyByLine.put(line, FlowKeys.podKey(HubbleJson.parse(line).getFlow()));
                }
            }
        }
        assertThat(expectedKeyByLine).as("flow lines in the captures").hasSizeGreaterThanOrEqualTo(430);
        double errorsBefore = metrics.parseErrorCount();

        try (NewRecords topic = NewRecords.of(Topics.HUBBLE_FLOWS)) {
            for (Path file : files) {
                // Written under a hidden name and moved in whole, so the follower sees each capture complete.
                Path hidden = FileSourceProfile.DIR.resolve(".copy-" + file.getFileName());
                Files.copy(file, hidden, StandardCopyOption.REPLACE_EXISTING);
                Files.move(hidden, FileSourceProfile.DIR.resolve("replay-" + file.getFileName()),
                        StandardCopyOption.ATOMIC_MOVE);
            }
            List<ConsumerRecord<String, String>> published = topic.await(
                    r -> expectedKeyByLine.containsKey(r.value()), expectedKeyByLine.size(), Duration.ofSeconds(120));

            assertThat(published).as("one record per flow line").hasSize(expectedKeyByLine.size());
            assertThat(published.stream().map(ConsumerRecord::value).distinct().count())
                    .as("no line published twice").isEqualTo(expectedKeyByLine.size());
            for (ConsumerRecord<String, String> record : published) {
                assertThat(record.key()).as("key of %s", record.value()).isEqualTo(expectedKeyByLine.get(record.value()));
            }
            assertThat(topic.records()).as("nothing but the capture lines was published")
                    .hasSize(expectedKeyByLine.size());
        }
        // The C2-shaped lines of the real captures, keyed as DESIGN says.
        assertThat(expectedKeyByLine.entrySet()).anySatisfy(e -> {
            assertThat(e.getKey()).contains("\"pod_name\":\"xwing\"").contains("POLICY_DENIED");
            assertThat(e.getValue()).isEqualTo("default/xwing");
        });
        assertThat(metrics.parseErrorCount()).as("parse errors").isEqualTo(errorsBefore);
    }
}
