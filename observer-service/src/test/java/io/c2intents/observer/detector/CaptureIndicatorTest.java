package io.c2intents.observer.detector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.c2intents.events.C2Alert;
import io.c2intents.events.Contracts;
import io.c2intents.events.Detector;
import io.c2intents.events.Topics;
import io.c2intents.hubble.json.FlowLines;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.SharedData;
import io.c2intents.testsupport.TestKafka;
import io.c2intents.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real capture in shared/data/hubble-flows on the real broker, with {@code 35.246.31.234} (the address the GKE
 * capture's event-exporter pod talks to over HTTPS) as an indicator: exactly one alert comes out, for that pod and
 * that address. The other flows of the captures (pod to pod, host, health, remote nodes, IP-keyed) raise nothing.
 * Namespaces are suffixed per run so this run's alerts are told apart on the shared broker; nothing else changes.
 */
@QuarkusTest
@TestProfile(DetectorProfile.class)
@WithTestResource(KafkaTestResource.class)
class CaptureIndicatorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void anAddressFromARealCaptureRaisesExactlyTheAlertItShould() throws IOException {
        Path captures = SharedData.require("hubble-flows");
        DetectorKafka kafka = new DetectorKafka("cap");
        String suffix = kafka.namespace.substring(kafka.namespace.indexOf('-'));
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(captures)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        lines.add(withNamespaceSuffix(line, suffix));
                    }
                }
            }
        }
        assertThat(lines).hasSizeGreaterThanOrEqualTo(430);
        try (TopicReader alerts = TestKafka.read(Topics.C2_ALERTS)) {
            for (String line : lines) {
                TestKafka.send(Topics.HUBBLE_FLOWS, FlowLines.read(line).flow().podKey(), line);
            }
            kafka.awaitEvaluated(alerts, Instant.parse("2026-03-14T09:00:00Z"));

            List<C2Alert> raised = alerts.records(r -> r.key() != null && r.key().contains(suffix + "/")
                    && !r.key().contains("/sentinel-")).stream()
                    .map(r -> Contracts.C2_ALERT.read(r.value())).toList();
            assertThat(raised).singleElement().satisfies(alert -> {
                assertThat(alert.key()).isEqualTo("kube-system" + suffix + "/event-exporter-gke-67986489c8-svnrf");
                assertThat(alert.detector()).isEqualTo(Detector.INDICATOR);
                assertThat(alert.destination()).isEqualTo(DetectorProfile.CAPTURE_ADDRESS);
                assertThat(alert.protocol()).isEqualTo("TCP");
                assertThat(alert.attackTechnique()).isEqualTo("T1071");
                assertThat(alert.revision()).isEqualTo(1);
                // the capture's first flow of that pair is the server's reply (flagged with the old "reply" field)
                assertThat(alert.firstSeen()).isEqualTo(Instant.parse("2021-06-16T16:52:13.596426115Z"));
                assertThat(alert.evidence().replies()).isEqualTo(1);
                assertThat(alert.pod().ip()).isEqualTo("10.0.2.13");
                assertThat(alert.pod().node()).isEqualTo("gke-ilya-otel-demo-1-ilya-otel-demo-1-6114bb84-zr1l");
                assertThat(alert.pod().labels()).containsEntry("k8s-app", "event-exporter");
            });
        }
    }

    /** The same line with every endpoint namespace (and its namespace label) suffixed. */
    private static String withNamespaceSuffix(String line, String suffix) throws IOException {
        ObjectNode root = (ObjectNode) MAPPER.readTree(line);
        JsonNode flow = root.has("flow") ? root.get("flow") : root;
        for (String end : List.of("source", "destination")) {
            JsonNode endpoint = flow.get(end);
            if (endpoint instanceof ObjectNode e && e.hasNonNull("namespace")) {
                String namespace = e.get("namespace").asText();
                e.put("namespace", namespace + suffix);
                if (e.get("labels") instanceof ArrayNode labels) {
                    for (int i = 0; i < labels.size(); i++) {
                        String label = labels.get(i).asText();
                        if (label.equals("k8s:io.kubernetes.pod.namespace=" + namespace)) {
                            labels.set(i, label + suffix);
                        }
                    }
                }
            }
        }
        return MAPPER.writeValueAsString(root);
    }
}
