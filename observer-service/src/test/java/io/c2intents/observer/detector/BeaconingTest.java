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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Beaconing on the real broker: {@code ping -c5} every 60 s ± 10% is flagged once five contacts are in, while random
 * intervals and {@code ping -c5} bursts to a benign address on random minutes are not. Echo replies are part of the
 * contacts, as Hubble reports them.
 */
@QuarkusTest
@TestProfile(DetectorProfile.class)
@WithTestResource(KafkaTestResource.class)
class BeaconingTest {

    private final List<Instant> beaconContacts = new ArrayList<>();

    @Test
    void aRegularBeaconIsFlaggedAndIrregularTrafficIsNot() {
        DetectorKafka kafka = new DetectorKafka("beacon");
        Instant t0 = Instant.parse("2026-03-14T11:00:00Z");
        Random random = new Random(7);
        try (TopicReader alerts = TestKafka.read(Topics.C2_ALERTS)) {
            FlowJson beacon = kafka.pod("beacon-1").to("203.0.113.7");
            Instant contact = t0;
            for (int i = 0; i < 8; i++) {
                beaconContacts.add(contact);
                ping5(kafka, beacon, contact);
                contact = contact.plusMillis(54_000 + random.nextInt(12_001));
            }
            Random other = new Random(42);
            FlowJson irregular = kafka.pod("random-1").to("203.0.113.8");
            Instant t = t0;
            for (int i = 0; i < 20; i++) {
                ping5(kafka, irregular, t);
                t = t.plusSeconds(15 + other.nextInt(585));
            }
            FlowJson cron = kafka.pod("cron-1").to("8.8.4.4");
            t = t0;
            for (int i = 0; i < 20; i++) {
                ping5(kafka, cron, t);
                t = t.plusSeconds(60L * (1 + other.nextInt(15)));
            }
            kafka.awaitEvaluated(alerts, t0);

            List<C2Alert> raised = kafka.alerts(alerts);
            assertThat(raised).isNotEmpty().allSatisfy(a -> {
                assertThat(a.detector()).isEqualTo(Detector.BEACONING);
                assertThat(a.pod().name()).isEqualTo("beacon-1");
                assertThat(a.destination()).isEqualTo("203.0.113.7");
                assertThat(a.attackTechnique()).isEqualTo("T1095");
            });
            C2Alert first = raised.get(0);
            assertThat(first.revision()).isEqualTo(1);
            assertThat(first.firstSeen()).isEqualTo(beaconContacts.get(0));
            assertThat(first.lastSeen()).as("raised on the fifth contact").isEqualTo(beaconContacts.get(4));
            assertThat(first.score()).isGreaterThanOrEqualTo(0.8);
            assertThat(first.evidence().replies()).isEqualTo(20);
            assertThat(raised).extracting(C2Alert::id).containsOnly(first.id());
            assertThat(raised).extracting(C2Alert::revision)
                    .containsExactly(IntStream.rangeClosed(1, raised.size()).boxed().toArray(Integer[]::new));
        }
    }

    private static void ping5(DetectorKafka kafka, FlowJson flow, Instant start) {
        for (int i = 0; i < 5; i++) {
            kafka.send(flow.request(), start.plusSeconds(i));
            kafka.send(flow.reply(), start.plusSeconds(i).plusMillis(10));
        }
        flow.request();
    }
}
