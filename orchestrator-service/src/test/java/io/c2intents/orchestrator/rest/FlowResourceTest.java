package io.c2intents.orchestrator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import io.c2intents.events.EventJson;
import io.c2intents.events.Topics;
import io.c2intents.orchestrator.Fixtures;
import io.c2intents.orchestrator.SseClient;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.TestKafka;
import io.c2intents.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Flows from {@code hubble-flows}: the filtered list, newest first, and the live stream. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class FlowResourceTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/api/flows/stream")
    URI stream;

    @Test
    void listsAPodsFlowsNewestFirstWithEveryFilter() {
        String pod = Fixtures.uniquePod("target");
        Instant t0 = Instant.parse("2026-03-14T09:21:00Z");
        String key = Fixtures.NS + "/" + pod;
        TestKafka.send(Topics.HUBBLE_FLOWS, key, Fixtures.flowJson(pod, "8.8.8.8", "FORWARDED", false, t0));
        TestKafka.send(Topics.HUBBLE_FLOWS, key, Fixtures.flowJson(pod, "8.8.8.8", "FORWARDED", true, t0.plusMillis(10)));
        TestKafka.send(Topics.HUBBLE_FLOWS, key, Fixtures.flowJson(pod, "1.1.1.1", "DROPPED", false, t0.plusSeconds(60)));

        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().queryParam("pod", key)
                .when().get("/api/flows").then().statusCode(200).body("$", hasSize(3)));
        given().queryParam("pod", key).when().get("/api/flows").then()
                .body("[0].verdict", equalTo("DROPPED"))
                .body("[0].dropReason", equalTo("POLICY_DENIED"))
                .body("[0].destination.ip", equalTo("1.1.1.1"))
                .body("[0].source.pod", equalTo(pod))
                .body("[0].source.labels.app", equalTo("target"))
                .body("[0].protocol", equalTo("ICMPv4"))
                .body("[0].node", equalTo("lab-worker-1"))
                .body("[1].reply", equalTo(true))
                .body("[2].time", equalTo("2026-03-14T09:21:00Z"));
        given().queryParam("pod", key).queryParam("verdict", "dropped").when().get("/api/flows")
                .then().body("$", hasSize(1)).body("[0].destination.ip", equalTo("1.1.1.1"));
        given().queryParam("pod", key).queryParam("destination", "8.8.8.8").when().get("/api/flows")
                .then().body("$", hasSize(1)).body("[0].reply", equalTo(false));
        given().queryParam("pod", key).queryParam("protocol", "icmpv4").queryParam("label", "app=target")
                .when().get("/api/flows").then().body("$", hasSize(3));
        given().queryParam("pod", key).queryParam("protocol", "tcp").when().get("/api/flows")
                .then().body("$", hasSize(0));
        given().queryParam("pod", key).queryParam("label", "app=benign").when().get("/api/flows")
                .then().body("$", hasSize(0));
        given().queryParam("pod", key).queryParam("last", 2).when().get("/api/flows")
                .then().body("$", hasSize(2)).body("[1].reply", equalTo(true));
        // by pod name prefix, like hubble observe --pod
        given().queryParam("pod", pod.substring(0, pod.length() - 2)).queryParam("label", "app=target")
                .when().get("/api/flows").then().body("$", hasSize(3)).body("key", everyItem(equalTo(key)));
    }

    @Test
    void infectedOnlyKeepsFlowsOfPodsWithAnOpenIncident() {
        String sick = Fixtures.uniquePod("target");
        String healthy = Fixtures.uniquePod("target");
        Instant t = Instant.parse("2026-03-14T09:22:00Z");
        TestKafka.send(Topics.C2_ALERTS, Fixtures.NS + "/" + sick, Fixtures.alertJson(sick, "lab-worker-1"));
        TestKafka.send(Topics.HUBBLE_FLOWS, Fixtures.NS + "/" + sick, Fixtures.flowJson(sick, "1.1.1.1", "FORWARDED", false, t));
        TestKafka.send(Topics.HUBBLE_FLOWS, Fixtures.NS + "/" + healthy,
                Fixtures.flowJson(healthy, "8.8.8.8", "FORWARDED", false, t));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().queryParam("infected", "true")
                .queryParam("pod", Fixtures.NS + "/" + sick).when().get("/api/flows")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].sourceInfected", equalTo(true)));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().queryParam("pod", Fixtures.NS + "/" + healthy)
                .when().get("/api/flows").then().body("$", hasSize(1)).body("[0].sourceInfected", equalTo(false)));
        given().queryParam("infected", "true").queryParam("pod", Fixtures.NS + "/" + healthy).when().get("/api/flows")
                .then().body("$", hasSize(0));
    }

    @Test
    void theStreamSendsNewMatchingFlowsAsTheyArrive() throws Exception {
        String pod = Fixtures.uniquePod("target");
        String other = Fixtures.uniquePod("target");
        try (SseClient sse = SseClient.open(URI.create(stream + "?verdict=DROPPED&pod=" + Fixtures.NS + "/" + pod))) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.contentType()).startsWith("text/event-stream");
            Instant t = Instant.parse("2026-03-14T09:23:00Z");
            TestKafka.send(Topics.HUBBLE_FLOWS, Fixtures.NS + "/" + other,
                    Fixtures.flowJson(other, "1.1.1.1", "DROPPED", false, t));
            TestKafka.send(Topics.HUBBLE_FLOWS, Fixtures.NS + "/" + pod,
                    Fixtures.flowJson(pod, "8.8.8.8", "FORWARDED", false, t));
            TestKafka.send(Topics.HUBBLE_FLOWS, Fixtures.NS + "/" + pod,
                    Fixtures.flowJson(pod, "1.1.1.1", "DROPPED", false, t.plusSeconds(1)));
            JsonNode event = EventJson.MAPPER.readTree(sse.await(pod, WAIT));
            assertThat(event.path("verdict").asText()).isEqualTo("DROPPED");
            assertThat(event.path("destination").path("ip").asText()).isEqualTo("1.1.1.1");
            // the forwarded flow of the pod and the other pod's flow were filtered out
            assertThat(sse.events()).noneMatch(e -> e.contains(other)).noneMatch(e -> e.contains("8.8.8.8"));
        }
    }

    @Test
    void aRecordThatIsNoFlowGoesToTheDeadLetterTopicWithTheReason() {
        String key = Fixtures.NS + "/" + Fixtures.uniquePod("garbage");
        try (TopicReader dlq = TestKafka.read(Topics.dlq(Topics.HUBBLE_FLOWS))) {
            TestKafka.send(Topics.HUBBLE_FLOWS, key, "{\"flow\":{\"verdict\":\"DROPPED\"}}");
            ConsumerRecord<String, String> dead = dlq.awaitOne(r -> key.equals(r.key()), WAIT);
            assertThat(TopicReader.header(dead, Topics.DLQ_REASON_HEADER)).contains("$.flow.time");
        }
        // and the view goes on with the next record
        String pod = Fixtures.uniquePod("target");
        TestKafka.send(Topics.HUBBLE_FLOWS, Fixtures.NS + "/" + pod,
                Fixtures.flowJson(pod, "8.8.8.8", "FORWARDED", false, Instant.now()));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().queryParam("pod", Fixtures.NS + "/" + pod)
                .when().get("/api/flows").then().body("$", hasSize(1)));
    }

    @Test
    void badFiltersAreRefusedNamingTheParameter() {
        for (List<String> bad : List.of(List.of("last", "0"), List.of("last", "lots"), List.of("verdict", "DROP PED"),
                List.of("pod", "NS/Pod"), List.of("destination", "not an ip!"), List.of("infected", "maybe"),
                List.of("label", "app=<script>"))) {
            given().queryParam(bad.get(0), bad.get(1)).when().get("/api/flows")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo(bad.get(0)))
                    .body("detail", containsString(bad.get(0)));
        }
        given().queryParam("verdict", "DROP PED").when().get("/api/flows/stream")
                .then().statusCode(400).body("errors[0].field", equalTo("verdict"));
    }
}
