package io.c2intents.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.c2intents.events.C2Alert;
import io.c2intents.events.Contracts;
import io.c2intents.events.Detector;
import io.c2intents.events.PodRef;
import io.c2intents.events.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * A Quarkus application gets a real broker from {@link KafkaTestResource}: an alert written through a SmallRye
 * channel comes back through another channel, intact, with its pod key.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class KafkaRoundTripTest {

    @Inject
    AlertEcho echo;

    @Test
    void alertGoesThroughTheRealBrokerAndComesBackEqual() {
        String id = "roundtrip-" + UUID.randomUUID();
        C2Alert alert = new C2Alert(C2Alert.SCHEMA_VERSION, id, 1, Instant.parse("2026-12-03T10:00:00Z"),
                new PodRef("c2-lab", "target-5d8f7c9b4-q2x7z", Map.of("app", "target"), "lab-node-2",
                        "10.244.2.7", null),
                "1.1.1.1", "ICMPv4", "T1095", Detector.INDICATOR, 0.95, Instant.parse("2026-12-03T10:00:00Z"),
                Instant.parse("2026-12-03T10:00:04Z"), 5, null, "1.1.1.1 is a known C2 address");

        echo.send(alert);

        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> echo.received(id) != null);
        AlertEcho.Received got = echo.received(id);
        assertThat(got.alert()).isEqualTo(alert);
        assertThat(got.key()).isEqualTo("c2-lab/target-5d8f7c9b4-q2x7z");
    }

    /** Writes alerts to {@code c2-alerts} and keeps what it reads back. */
    @ApplicationScoped
    static class AlertEcho {

        record Received(String key, C2Alert alert) {
        }

        private final List<Received> received = new CopyOnWriteArrayList<>();

        @Inject
        @Channel("alerts-out")
        Emitter<String> out;

        void send(C2Alert alert) {
            out.send(Message.of(Contracts.C2_ALERT.write(alert)).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(alert.key()).build()));
        }

        @Incoming("alerts-in")
        void receive(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> record) {
            received.add(new Received(record.key(), Contracts.C2_ALERT.read(record.value())));
        }

        Received received(String id) {
            return received.stream().filter(r -> r.alert().id().equals(id)).findFirst().orElse(null);
        }
    }

    static final String TOPIC = Topics.C2_ALERTS;
}
