package io.c2intents.observer.source;

import io.c2intents.events.Topics;
import io.c2intents.hubble.flow.Flow;
import io.c2intents.hubble.json.FlowKeys;
import io.c2intents.hubble.json.HubbleJson;
import io.c2intents.hubble.json.HubbleTime;
import io.c2intents.hubble.observer.GetFlowsResponse;
import io.c2intents.observer.metrics.ObserverMetrics;
import io.c2intents.testsupport.KafkaTestResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * The Relay source against a gRPC server in the test: node status and lost events are counted, not published; flows
 * from 2999 and 2100 are counted and skipped, and do not move the resume point; the connection drops mid-stream; the observer reconnects, resumes from the last flow time and publishes every flow
 * exactly once.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(FakeRelayResource.class)
class RelayResumeTest {

    @Inject
    ObserverMetrics metrics;

    @Inject
    MeterRegistry registry;

    @Test
    void resumesAfterADroppedConnectionWithNoFlowMissingAndNoneTwiceAndPublishesOnlyFlows() {
        FakeRelay relay = FakeRelayResource.relay;
        List<Flow> flows = relay.flows;
        // The first stream started with the app: wait until its flows are out, then drop the connection while
        // the stream is open.
        Awaitility.await().atMost(Duration.ofSeconds(90))
                .until(() -> metrics.publishedCount() >= FakeRelay.DROP_AFTER);
        assertThat(relay.requests).hasSize(1);
        relay.dropConnections();

        Awaitility.await().atMost(Duration.ofSeconds(90))
                .until(() -> metrics.publishedCount() >= FakeRelay.FLOWS);
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> metrics.duplicateCount() >= FakeRelay.OVERLAP + 1);

        // Resumed from the last flow seen before the drop.
        assertThat(relay.requests).hasSizeGreaterThanOrEqualTo(2);
        assertThat(relay.requests.get(0).getFollow()).isTrue();
        assertThat(relay.requests.get(0).hasSince()).isFalse();
        assertThat(relay.requests.get(1).getFollow()).isTrue();
        assertThat(HubbleTime.toNanos(relay.requests.get(1).getSince()))
                .isEqualTo(HubbleTime.toNanos(flows.get(FakeRelay.DROP_AFTER - 1).getTime()));

        assertThat(metrics.publishedCount()).as("published").isEqualTo(FakeRelay.FLOWS);
        assertThat(metrics.badFlowTimeCount()).as("2999 and 2100 refused").isEqualTo(FakeRelay.FAR_FUTURE.size());
        assertThat(metrics.duplicateCount()).as("dropped as already published").isEqualTo(FakeRelay.OVERLAP + 1);
        assertThat(registry.get("observer.lost.events").tag("source", "HUBBLE_RING_BUFFER").counter().count())
                .isEqualTo(relay.lostEventsSent() * FakeRelay.LOST_PER_EVENT);
        assertThat(registry.get("observer.node.status").tag("state", "NODE_UNAVAILABLE").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("observer.relay.reconnects").counter().count()).isGreaterThanOrEqualTo(1);

        // On the topic: every flow once, as Hubble JSON, keyed by its pod; nothing else from this relay.
        List<ConsumerRecord<String, String>> published = readAll(relay.nodeName);
        Map<String, Long> copies = published.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::value, Collectors.counting()));
        for (Flow flow : relay.flows) {
            String expected = HubbleJson.write(flow);
            assertThat(copies.get(expected)).as("copies of flow at %s", flow.getTime()).isEqualTo(1L);
        }
        assertThat(published).hasSize(FakeRelay.FLOWS);
        Map<String, Flow> byValue = relay.flows.stream()
                .collect(Collectors.toMap(HubbleJson::write, Function.identity()));
        for (ConsumerRecord<String, String> record : published) {
            GetFlowsResponse response = HubbleJson.parse(record.value());
            assertThat(response.hasFlow()).as("only flows are published").isTrue();
            assertThat(record.key()).isEqualTo(FlowKeys.podKey(byValue.get(record.value())))
                    .isEqualTo("c2-lab/target-" + relay.nodeName);
        }
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("observer_flows_published_total"))
                .body(containsString("observer_lost_events_total{source=\"HUBBLE_RING_BUFFER\"}"));
    }

    /** Every record of this run's fake node on the topic, from its beginning. */
    private static List<ConsumerRecord<String, String>> readAll(String nodeName) {
        try (var reader = io.c2intents.testsupport.TestKafka.read(Topics.HUBBLE_FLOWS)) {
            return reader.await(r -> r.value().contains(nodeName), FakeRelay.FLOWS, Duration.ofSeconds(90))
                    .stream().filter(r -> r.value().contains(nodeName)).toList();
        }
    }
}
