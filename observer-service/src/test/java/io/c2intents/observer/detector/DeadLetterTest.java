package io.c2intents.observer.detector;

import io.c2intents.events.C2Alert;
import io.c2intents.events.Topics;
import io.c2intents.support.kafka.ConsumerNamingDeadLetterQueue;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.TestKafka;
import io.c2intents.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records on {@code hubble-flows} that are not Hubble flows end on {@code hubble-flows-dlq} with the reason in
 * SmallRye's headers and the refusing consumer in {@code c2-dlq-consumer}, while the flows sent before and after them on the same partition are evaluated.
 */
@QuarkusTest
@TestProfile(DetectorProfile.class)
@WithTestResource(KafkaTestResource.class)
class DeadLetterTest {

    @Inject
    DetectorMetrics metrics;

    @Test
    void nonJsonAndNonFlowRecordsAreDeadLetteredWithTheirReasonAndTheirNeighboursProcessed() {
        DetectorKafka kafka = new DetectorKafka("dlq");
        FlowJson before = kafka.pod("target-before").to("1.1.1.1");
        FlowJson after = kafka.pod("target-after").to("1.1.1.1");
        // every record under one key, so all of them are on one partition, in this order
        String key = before.key();
        double deadBefore = metrics.deadLetteredCount();
        Instant t = Instant.parse("2026-03-14T09:00:00Z");
        try (TopicReader alerts = TestKafka.read(Topics.C2_ALERTS);
             TopicReader dlq = TestKafka.read(Topics.dlq(Topics.HUBBLE_FLOWS))) {
            TestKafka.send(Topics.HUBBLE_FLOWS, key, before.json(t));
            TestKafka.send(Topics.HUBBLE_FLOWS, key, "ping 1.1.1.1 -c5 # " + kafka.namespace);
            TestKafka.send(Topics.HUBBLE_FLOWS, key, "{\"hello\":\"" + kafka.namespace + "\"}");
            // keyed like the records before it (not by its own pod) so that it follows them on the same partition
            TestKafka.send(Topics.HUBBLE_FLOWS, key, after.json(t.plusSeconds(1)));
            List<ConsumerRecord<String, String>> dead = dlq.await(r -> r.value() != null
                    && r.value().contains(kafka.namespace), 2, DetectorKafka.TIMEOUT);
            assertThat(dead).hasSize(2);
            assertThat(dead).allSatisfy(r -> {
                assertThat(r.key()).isEqualTo(key);
                assertThat(TopicReader.header(r, Topics.DLQ_TOPIC_HEADER)).isEqualTo(Topics.HUBBLE_FLOWS);
                // who refused it: this service's detector channel
                assertThat(TopicReader.header(r, ConsumerNamingDeadLetterQueue.CONSUMER_HEADER))
                        .isEqualTo("observer-service/detector-flows");
                assertThat(r.headers().headers(ConsumerNamingDeadLetterQueue.CONSUMER_HEADER)).hasSize(1);
            });
            assertThat(TopicReader.header(dead.get(0), Topics.DLQ_REASON_HEADER)).startsWith("not valid JSON")
                    .contains("expected one JSON object per line");
            assertThat(TopicReader.header(dead.get(1), Topics.DLQ_REASON_HEADER))
                    .contains("no Hubble flow");
            assertThat(TopicReader.header(dead.get(1), Topics.DLQ_EXCEPTION_CLASS_HEADER))
                    .isEqualTo(UnusableFlowRecord.class.getName());

            List<ConsumerRecord<String, String>> raised = alerts.await(r -> r.value() != null && r.value().contains(kafka.namespace), 2,
                    DetectorKafka.TIMEOUT);
            assertThat(kafka.alerts(alerts)).extracting(C2Alert::id).containsExactlyInAnyOrder(
                    kafka.namespace + "/target-before/1.1.1.1/indicator/20260314T090000Z",
                    kafka.namespace + "/target-after/1.1.1.1/indicator/20260314T090001Z");
            assertThat(raised).hasSize(2);
        }
        assertThat(metrics.deadLetteredCount() - deadBefore).isEqualTo(2);
    }

    /**
     * A flow from 2999 (beyond what nanoseconds in a long hold: it used to wrap round to 1829 and open an alert
     * first seen in 1829) and one from 2100 (representable, but decades after the clock and the newest flow) are
     * dead-lettered with the reason; a flow of the same pod before and after them is evaluated as usual.
     */
    @Test
    void flowsWithUnrepresentableOrFarFutureTimesAreDeadLetteredAndDoNotReachTheDetector() {
        DetectorKafka kafka = new DetectorKafka("dlq-time");
        FlowJson pod = kafka.pod("target-clock").to("1.1.1.1");
        String key = pod.key();
        Instant t = Instant.parse("2026-03-14T09:00:00Z");
        try (TopicReader alerts = TestKafka.read(Topics.C2_ALERTS);
             TopicReader dlq = TestKafka.read(Topics.dlq(Topics.HUBBLE_FLOWS))) {
            TestKafka.send(Topics.HUBBLE_FLOWS, key, pod.json(t));
            TestKafka.send(Topics.HUBBLE_FLOWS, key, pod.json(Instant.parse("2999-01-01T00:00:00Z")));
            TestKafka.send(Topics.HUBBLE_FLOWS, key, pod.json(Instant.parse("2100-01-01T00:00:00Z")));
            TestKafka.send(Topics.HUBBLE_FLOWS, key, pod.json(t.plusSeconds(120)));
            List<ConsumerRecord<String, String>> dead = dlq.await(r -> r.value() != null
                    && r.value().contains(kafka.namespace), 2, DetectorKafka.TIMEOUT);
            assertThat(dead).hasSize(2);
            assertThat(TopicReader.header(dead.get(0), Topics.DLQ_REASON_HEADER))
                    .contains("time '2999-01-01T00:00:00Z' is outside the range");
            assertThat(TopicReader.header(dead.get(1), Topics.DLQ_REASON_HEADER))
                    .contains("flow time 2100-01-01T00:00:00Z is more than PT24H")
                    .contains("observer.max-flow-time-ahead");

            // the flow after them is evaluated: the alert's second revision, with only 2026 in it
            alerts.await(r -> r.value() != null && r.value().contains(kafka.namespace + "/target-clock")
                    && r.value().contains("\"revision\":2"), 1, DetectorKafka.TIMEOUT);
            assertThat(kafka.alerts(alerts)).allSatisfy(a -> {
                assertThat(a.firstSeen()).isEqualTo(t);
                assertThat(a.lastSeen()).isBetween(t, t.plusSeconds(120));
                assertThat(a.count()).isLessThanOrEqualTo(2);
            });
        }
    }
}
