package io.c2intents.observer.detector;

import io.c2intents.events.C2Alert;
import io.c2intents.events.Detector;
import io.c2intents.events.Topics;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.SharedData;
import io.c2intents.testsupport.TestKafka;
import io.c2intents.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared STIX 2.1 bundle (OASIS CTI example) configured as a feed: the service loaded it at start-up, a pod
 * contacting its indicator's address raises an alert naming the indicator, and a contact before the indicator's
 * valid_from does not.
 */
@QuarkusTest
@TestProfile(DetectorProfile.class)
@WithTestResource(KafkaTestResource.class)
class StixIndicatorTest {

    @Test
    void theStixIndicatorRaisesAlertsOnlyWithinItsValidity() {
        SharedData.require(StixBundlesTest.OASIS_BUNDLE);
        DetectorKafka kafka = new DetectorKafka("stix");
        try (TopicReader alerts = TestKafka.read(Topics.C2_ALERTS)) {
            kafka.send(kafka.pod("app-now").to("10.0.0.0"), Instant.parse("2026-03-14T09:00:00Z"));
            kafka.send(kafka.pod("app-2016").to("10.0.0.0"), Instant.parse("2016-03-14T09:00:00Z"));
            kafka.awaitEvaluated(alerts, Instant.parse("2026-03-14T09:00:00Z"));

            assertThat(kafka.alerts(alerts)).singleElement().satisfies((C2Alert alert) -> {
                assertThat(alert.pod().name()).isEqualTo("app-now");
                assertThat(alert.detector()).isEqualTo(Detector.INDICATOR);
                assertThat(alert.destination()).isEqualTo("10.0.0.0");
                assertThat(alert.reason()).contains("Known malicious IP Address")
                        .contains("indicator--33fe3b22-0201-47cf-85d0-97c02164528d");
            });
        }
    }
}
