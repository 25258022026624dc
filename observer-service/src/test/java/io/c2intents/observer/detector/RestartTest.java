package io.c2intents.observer.detector;

import io.c2intents.events.C2Alert;
import io.c2intents.events.Topics;
import io.c2intents.testsupport.KafkaBroker;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.TestKafka;
import io.c2intents.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart of the detector, partition by partition: another member joins the detector's consumer group and takes
 * partitions away (the detector drops their state), flows keep coming, then the member leaves and the partitions come
 * back, which is what a restarted instance goes through: state rebuilt by replaying them from the beginning, the
 * alerts already published read back from {@code c2-alerts}. Every alert revision is published exactly once: none
 * lost (the flows sent while the partitions were away are alerted on), none duplicated (the replay republishes
 * nothing).
 */
@QuarkusTest
@TestProfile(DetectorProfile.class)
@WithTestResource(KafkaTestResource.class)
class RestartTest {

    private static final Instant T0 = Instant.parse("2026-03-14T12:00:00Z");

    @Inject
    DetectorMetrics metrics;

    @ConfigProperty(name = "mp.messaging.incoming.detector-flows.group.id")
    String group;

    @Test
    void partitionsTakenAwayAndGivenBackLoseNoAlertAndDuplicateNone() {
        DetectorKafka kafka = new DetectorKafka("restart");
        List<String> pods = kafka.podsOnEachPartition("target");
        try (TopicReader alerts = TestKafka.read(Topics.C2_ALERTS)) {
            for (int i = 0; i < 6; i++) {
                contact(kafka, pods, i);
            }
            awaitIndicatorRevision(kafka, alerts, pods, 6);

            double rebuiltBefore = metrics.rebuiltCount();
            Set<TopicPartition> moved;
            try (KafkaConsumer<String, String> intruder = joinGroup()) {
                Awaitility.await().atMost(DetectorKafka.TIMEOUT).pollInterval(Duration.ZERO)
                        .until(() -> {
                            intruder.poll(Duration.ofMillis(100));
                            return !intruder.assignment().isEmpty();
                        });
                moved = new HashSet<>(intruder.assignment());
                // flows while the detector does not own their partitions
                for (int i = 6; i < 9; i++) {
                    contact(kafka, pods, i);
                }
                intruder.poll(Duration.ofMillis(100));
            }
            assertThat(moved).isNotEmpty();
            Awaitility.await().atMost(DetectorKafka.TIMEOUT)
                    .until(() -> metrics.rebuiltCount() >= rebuiltBefore + moved.size());

            for (int i = 9; i < 11; i++) {
                contact(kafka, pods, i);
            }
            awaitIndicatorRevision(kafka, alerts, pods, 11);
            kafka.awaitEvaluated(alerts, T0.plusSeconds(61L * 11));

            Map<String, List<Integer>> revisions = new TreeMap<>();
            Map<String, Set<Instant>> detectedAt = new TreeMap<>();
            for (C2Alert alert : kafka.alerts(alerts)) {
                revisions.computeIfAbsent(alert.id(), id -> new java.util.ArrayList<>()).add(alert.revision());
                detectedAt.computeIfAbsent(alert.id(), id -> new HashSet<>()).add(alert.detectedAt());
            }
            assertThat(revisions.keySet().stream().filter(id -> id.contains("/indicator/")).count())
                    .as("one indicator alert per pod").isEqualTo(pods.size());
            revisions.forEach((id, list) -> assertThat(list).as("revisions of %s, each once and in order", id)
                    .containsExactly(IntStream.rangeClosed(1, list.size()).boxed().toArray(Integer[]::new)));
            detectedAt.forEach((id, times) -> assertThat(times).as("detectedAt of %s", id).hasSize(1));
            assertThat(revisions).as("every pod's indicator alert reached revision 11").allSatisfy((id, list) -> {
                if (id.contains("/indicator/")) {
                    assertThat(list).hasSize(11);
                }
            });
        }
    }

    /** One echo request from every pod, 61 s of flow time after the previous one: one revision each. */
    private static void contact(DetectorKafka kafka, List<String> pods, int i) {
        for (String pod : pods) {
            kafka.send(kafka.pod(pod).to("1.1.1.1"), T0.plusSeconds(61L * i + (i % 2)));
        }
    }

    private static void awaitIndicatorRevision(DetectorKafka kafka, TopicReader alerts, List<String> pods,
            int revision) {
        Awaitility.await().atMost(DetectorKafka.TIMEOUT).until(() -> kafka.alerts(alerts).stream()
                .filter(a -> a.id().contains("/indicator/") && a.revision() == revision)
                .map(a -> a.pod().name()).collect(Collectors.toSet()).containsAll(pods));
    }

    private KafkaConsumer<String, String> joinGroup() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        consumer.subscribe(List.of(Topics.HUBBLE_FLOWS));
        return consumer;
    }
}
