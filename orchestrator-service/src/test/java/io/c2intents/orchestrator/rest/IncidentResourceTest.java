package io.c2intents.orchestrator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import io.c2intents.events.EventJson;
import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationStatus;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Alerts and mitigation events grouped per pod into incidents with a timeline; their lists and live streams. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class IncidentResourceTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/api/alerts/stream")
    URI alertStream;

    @TestHTTPResource("/api/incidents/stream")
    URI incidentStream;

    @Test
    void anAlertThenItsMitigationStepsMakeOneIncidentTimeline() {
        String pod = Fixtures.uniquePod("target");
        String key = Fixtures.NS + "/" + pod;
        TestKafka.send(Topics.C2_ALERTS, key, Fixtures.alertJson(pod, "lab-worker-2"));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().queryParam("pod", key).when().get("/api/alerts")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].open", equalTo(true)));
        String incidentId = given().queryParam("pod", key).when().get("/api/alerts").then()
                .body("[0].alert.destination", equalTo("1.1.1.1"))
                .body("[0].alert.detector", equalTo("indicator"))
                .extract().path("[0].incidentId");
        given().when().get("/api/incidents/" + incidentId).then().statusCode(200)
                .body("status", equalTo("OPEN")).body("pod", equalTo(key)).body("node", equalTo("lab-worker-2"))
                .body("workload", equalTo("Deployment/target-" + pod))
                .body("timeline.kind", contains("alert"));

        // the mitigation service names the incident its own way: the orchestrator adopts its id
        String serviceIncident = "inc-" + Fixtures.NS + "-" + pod + "-svc";
        Instant t = Instant.now();
        MitigationEvent planned = Fixtures.step(pod, serviceIncident, "req-1-" + pod, MitigationStatus.PLANNED,
                "cilium:quarantine", "D3-NTF", t);
        MitigationEvent applied = Fixtures.step(pod, serviceIncident, "req-1-" + pod, MitigationStatus.APPLIED,
                "cilium:quarantine", "D3-NTF", t.plusMillis(200));
        TestKafka.send(Topics.MITIGATION_EVENTS, key, Fixtures.stepJson(planned));
        TestKafka.send(Topics.MITIGATION_EVENTS, key, Fixtures.stepJson(applied));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/incidents/" + serviceIncident)
                .then().statusCode(200).body("status", equalTo("CONTAINED")).body("quarantined", equalTo(true))
                .body("timeline.kind", contains("alert", "mitigation", "mitigation"))
                .body("timeline.status", contains("indicator", "PLANNED", "APPLIED"))
                .body("timeline[2].technique", equalTo("D3-NTF")));
        // one incident, reachable by both ids
        given().when().get("/api/incidents/" + incidentId).then().statusCode(200)
                .body("aliases", hasItem(serviceIncident));
        given().when().get("/api/incidents?status=contained").then().statusCode(200)
                .body("pod", hasItem(key));
        given().when().get("/api/mitigations/" + applied.eventId()).then().statusCode(200)
                .body("status", equalTo("APPLIED")).body("id", equalTo(planned.eventId()))
                .body("eventIds", contains(planned.eventId(), applied.eventId()));

        // terminating the pod resolves it: it is no longer infected
        TestKafka.send(Topics.MITIGATION_EVENTS, key, Fixtures.stepJson(Fixtures.step(pod, serviceIncident,
                "req-2-" + pod, MitigationStatus.APPLIED, "pod:terminate", "D3-PT", t.plusSeconds(5))));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/incidents/" + incidentId)
                .then().body("status", equalTo("RESOLVED")));
        given().queryParam("pod", key).queryParam("open", "true").when().get("/api/alerts")
                .then().body("$", hasSize(0));
        given().when().get("/api/incidents?status=OPEN").then().body("pod", not(hasItem(key)));
    }

    @Test
    void aLaterRevisionUpdatesTheAlertWithoutANewTimelineLine() {
        String pod = Fixtures.uniquePod("target");
        String key = Fixtures.NS + "/" + pod;
        Instant seen = Instant.parse("2026-03-14T09:21:04Z");
        TestKafka.send(Topics.C2_ALERTS, key, io.c2intents.events.Contracts.C2_ALERT.write(
                Fixtures.alert(pod, "lab-worker-1", 1, seen)));
        TestKafka.send(Topics.C2_ALERTS, key, io.c2intents.events.Contracts.C2_ALERT.write(
                Fixtures.alert(pod, "lab-worker-1", 3, seen.plusSeconds(60))));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().queryParam("pod", key).when().get("/api/alerts")
                .then().body("$", hasSize(1)).body("[0].alert.revision", equalTo(3)));
        String id = given().queryParam("pod", key).when().get("/api/alerts").then().extract().path("[0].incidentId");
        given().when().get("/api/incidents/" + id).then().body("timeline", hasSize(1)).body("alertCount", equalTo(1));
    }

    @Test
    void anUnreadableAlertGoesToTheDeadLetterTopicNamingTheField() {
        String pod = Fixtures.uniquePod("target");
        String key = Fixtures.NS + "/" + pod;
        String broken = Fixtures.alertJson(pod, "lab-worker-1").replace("\"score\":0.95", "\"score\":7");
        try (TopicReader dlq = TestKafka.read(Topics.dlq(Topics.C2_ALERTS))) {
            TestKafka.send(Topics.C2_ALERTS, key, broken);
            ConsumerRecord<String, String> dead = dlq.awaitOne(r -> key.equals(r.key()), WAIT);
            assertThat(TopicReader.header(dead, Topics.DLQ_REASON_HEADER)).contains("$.score");
        }
        given().queryParam("pod", key).when().get("/api/alerts").then().body("$", hasSize(0));
    }

    @Test
    void theStreamsCarryNewAlertsAndIncidentChanges() throws Exception {
        String pod = Fixtures.uniquePod("target");
        String key = Fixtures.NS + "/" + pod;
        try (SseClient alerts = SseClient.open(alertStream); SseClient incidents = SseClient.open(incidentStream)) {
            assertThat(alerts.contentType()).startsWith("text/event-stream");
            TestKafka.send(Topics.C2_ALERTS, key, Fixtures.alertJson(pod, "lab-worker-3"));
            JsonNode alert = EventJson.MAPPER.readTree(alerts.await(pod, WAIT));
            assertThat(alert.path("alert").path("pod").path("name").asText()).isEqualTo(pod);
            assertThat(alert.path("open").asBoolean()).isTrue();
            JsonNode incident = EventJson.MAPPER.readTree(incidents.await(pod, WAIT));
            assertThat(incident.path("status").asText()).isEqualTo("OPEN");
            assertThat(incident.path("node").asText()).isEqualTo("lab-worker-3");

            TestKafka.send(Topics.MITIGATION_EVENTS, key, Fixtures.stepJson(Fixtures.step(pod, null, "req-" + pod,
                    MitigationStatus.APPLIED, "cilium:quarantine", "D3-NTF", Instant.now())));
            JsonNode contained = EventJson.MAPPER.readTree(incidents.await("CONTAINED", WAIT));
            assertThat(contained.path("pod").asText()).isEqualTo(key);
        }
    }

    @Test
    void unknownIncidentsAndMitigationsAre404AndBadParameters400() {
        given().when().get("/api/incidents/inc-c2-lab-nothing-1").then().statusCode(404)
                .contentType("application/problem+json").body("instance", equalTo("/api/incidents/inc-c2-lab-nothing-1"));
        given().when().get("/api/incidents/bad%20id").then().statusCode(400).body("errors[0].field", equalTo("id"));
        given().when().get("/api/incidents?status=SOMETIMES").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        given().when().get("/api/alerts?pod=no-slash").then().statusCode(400).body("errors[0].field", equalTo("pod"));
        given().when().get("/api/alerts?open=perhaps").then().statusCode(400).body("errors[0].field", equalTo("open"));
        given().when().get("/api/alerts?last=-1").then().statusCode(400).body("errors[0].field", equalTo("last"));
        given().when().get("/api/mitigations/evt-never").then().statusCode(404);
        given().when().get("/api/mitigations?last=x").then().statusCode(400).body("errors[0].field", equalTo("last"));
        given().when().get("/api/mitigations").then().statusCode(200);
        given().when().get("/api/nowhere").then().statusCode(404).contentType("application/problem+json");
    }
}
