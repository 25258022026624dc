package io.c2intents.orchestrator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import io.c2intents.events.C2Alert;
import io.c2intents.events.Contracts;
import io.c2intents.events.EventJson;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.Topics;
import io.c2intents.orchestrator.Fixtures;
import io.c2intents.orchestrator.SseClient;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A person's revert of the quarantine an open incident holds: the mitigation service closes the incident and answers
 * with a REVERTED {@code cilium:quarantine} carrying the person's request id and the incident's id and intent
 * (produced here onto {@code mitigation-events} as it writes it). The orchestrator shows the incident RELEASED in the
 * REST lists and the live stream, no longer infected; a later alert opens a new incident.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class IncidentReleaseTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/api/incidents/stream")
    URI incidentStream;

    @Test
    void aPersonsRevertOfTheHeldQuarantineShowsTheIncidentReleasedEverywhere() throws Exception {
        String pod = Fixtures.uniquePod("target");
        String key = Fixtures.NS + "/" + pod;
        String serviceIncident = "inc-" + Fixtures.NS + "-" + pod + "-svc";
        Instant t = Instant.now();
        C2Alert alert = Fixtures.alert(pod, "lab-worker-1", 1, t);
        TestKafka.send(Topics.C2_ALERTS, key, Contracts.C2_ALERT.write(alert));
        TestKafka.send(Topics.MITIGATION_EVENTS, key, Fixtures.stepJson(Fixtures.intentStep(alert, serviceIncident,
                MitigationStatus.APPLIED, "cilium:quarantine", "D3-NTF", t.plusSeconds(1))));
        TestKafka.send(Topics.HUBBLE_FLOWS, key, Fixtures.flowJson(pod, "1.1.1.1", "DROPPED", false, t.plusSeconds(2)));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            given().when().get("/api/incidents/" + serviceIncident).then().statusCode(200)
                    .body("status", equalTo("CONTAINED"));
            given().queryParam("pod", key).queryParam("infected", "true").when().get("/api/flows").then()
                    .statusCode(200).body("$", hasSize(1));
        });

        String requestId = "req-" + pod;
        try (SseClient incidents = SseClient.open(incidentStream)) {
            TestKafka.send(Topics.MITIGATION_EVENTS, key, Fixtures.stepJson(
                    Fixtures.released(pod, serviceIncident, requestId, t.plusSeconds(10))));
            // the request id is only in the release's lines: the first change naming it is the release
            JsonNode live = EventJson.MAPPER.readTree(incidents.await(requestId, WAIT));
            assertThat(live.path("pod").asText()).isEqualTo(key);
            assertThat(live.path("status").asText()).isEqualTo("RELEASED");
            assertThat(live.path("quarantined").asBoolean()).isFalse();
            assertThat(live.path("timeline").path(live.path("timeline").size() - 1).path("kind").asText())
                    .isEqualTo("released");
        }

        given().when().get("/api/incidents/" + serviceIncident).then().statusCode(200)
                .body("status", equalTo("RELEASED")).body("quarantined", equalTo(false))
                .body("timeline.kind", contains("alert", "mitigation", "mitigation", "released"))
                .body("timeline[3].ref", equalTo(requestId))
                .body("timeline[3].summary", containsString("operator request " + requestId));
        given().queryParam("status", "released").when().get("/api/incidents").then().statusCode(200)
                .body("pod", hasItem(key));
        for (String status : List.of("OPEN", "CONTAINED", "RESOLVED", "GONE")) {
            given().queryParam("status", status).when().get("/api/incidents").then().statusCode(200)
                    .body("pod", not(hasItem(key)));
        }
        // no longer infected: the alert is not open, its flows are not an infected pod's
        given().queryParam("pod", key).when().get("/api/alerts").then().body("[0].open", equalTo(false));
        given().queryParam("pod", key).queryParam("open", "true").when().get("/api/alerts").then()
                .body("$", hasSize(0));
        given().queryParam("pod", key).queryParam("infected", "true").when().get("/api/flows").then()
                .statusCode(200).body("$", hasSize(0));

        // C2 after the release: a new incident, the released one kept as history
        TestKafka.send(Topics.C2_ALERTS, key, Contracts.C2_ALERT.write(
                Fixtures.alert(pod, "lab-worker-1", 2, t.plusSeconds(90))));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/incidents").then()
                .body("findAll { it.pod == '" + key + "' }.status", equalTo(List.of("OPEN", "RELEASED"))));
        given().queryParam("pod", key).queryParam("infected", "true").when().get("/api/flows").then()
                .body("$", hasSize(1));
    }

    @Test
    void anUnknownStatusIsRefusedNamingEveryStatusIncludingReleased() {
        given().queryParam("status", "LET-GO").when().get("/api/incidents").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("status"))
                .body("errors[0].message", containsString("OPEN, CONTAINED, RESOLVED, RELEASED, GONE"));
    }

    @Test
    void theApiDocumentListsReleased() throws Exception {
        JsonNode doc = EventJson.MAPPER.readTree(given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString());
        // the incident's status, as the document describes it (a schema of its own or inline)
        List<String> statusEnums = doc.findParents("enum").stream().map(s -> s.path("enum").toString())
                .filter(e -> e.contains("\"CONTAINED\"")).toList();
        assertThat(statusEnums).isNotEmpty()
                .allSatisfy(e -> assertThat(e).contains("\"RELEASED\"", "\"GONE\"", "\"RESOLVED\""));
        JsonNode status = doc.path("paths").path("/api/incidents").path("get").path("parameters").get(0);
        assertThat(status.path("name").asText()).isEqualTo("status");
        assertThat(status.path("description").asText()).contains("RELEASED");
    }
}
