package io.c2intents.observer.detector;

import io.c2intents.events.C2Alert;
import io.c2intents.events.Detector;
import io.c2intents.events.Topics;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.TestKafka;
import io.c2intents.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The egress baseline on the real broker: a workload's destinations in its first five minutes (flow time) are
 * learned, later a new world destination raises a baseline alert, while learned ones, the node and inbound traffic do
 * not. The workload's two pods are placed on one partition, which is where a workload's baseline lives.
 */
@QuarkusTest
@TestProfile(DetectorProfile.class)
@WithTestResource(KafkaTestResource.class)
class BaselineTest {

    @Test
    void aNewDestinationIsFlaggedAfterLearningAndNotDuringIt() {
        DetectorKafka kafka = new DetectorKafka("baseline");
        List<String> pods = samePartition(kafka);
        FlowJson web1 = kafka.pod(pods.get(0)).workload("web");
        FlowJson web2 = kafka.pod(pods.get(1)).workload("web");
        Instant t0 = Instant.parse("2026-03-14T10:00:00Z");
        try (TopicReader alerts = TestKafka.read(Topics.C2_ALERTS)) {
            kafka.send(web1.to("8.8.8.8"), t0);
            kafka.send(web1.to("9.9.9.9"), t0.plusSeconds(60));
            kafka.send(web2.to("203.0.113.50"), t0.plusSeconds(290)); // new, but still learning
            kafka.awaitEvaluated(alerts, t0.plusSeconds(290));
            assertThat(kafka.alerts(alerts)).as("no alert while learning").isEmpty();

            kafka.send(web2.to("9.9.9.9"), t0.plusSeconds(400));
            kafka.send(web1.to("203.0.113.50"), t0.plusSeconds(400));
            kafka.send(kafka.pod(pods.get(0)).workload("web").toHost("172.18.0.2"), t0.plusSeconds(400));
            kafka.send(kafka.pod(pods.get(0)).workload("web").to("198.51.100.99").inbound(), t0.plusSeconds(400));
            kafka.send(web2.to("198.51.100.23"), t0.plusSeconds(401));
            kafka.awaitEvaluated(alerts, t0.plusSeconds(401));

            assertThat(kafka.alerts(alerts)).singleElement().satisfies((C2Alert alert) -> {
                assertThat(alert.detector()).isEqualTo(Detector.BASELINE);
                assertThat(alert.pod().name()).isEqualTo(pods.get(1));
                assertThat(alert.destination()).isEqualTo("198.51.100.23");
                assertThat(alert.reason()).contains(kafka.namespace + "/web").contains("3 destinations learned");
            });
        }
    }

    private static List<String> samePartition(DetectorKafka kafka) {
        String first = "web-a";
        int partition = DetectorKafka.partition(kafka.namespace + "/" + first);
        for (int i = 0; ; i++) {
            String candidate = "web-b" + i;
            if (DetectorKafka.partition(kafka.namespace + "/" + candidate) == partition) {
                return List.of(first, candidate);
            }
        }
    }
}
