package io.c2intents.orchestrator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.c2intents.events.EventJson;
import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.Topics;
import io.c2intents.orchestrator.Fixtures;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.TestKafka;
import io.c2intents.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The intent buttons, manual mitigations, approve and revert become the right {@code mitigation-requests}. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class MitigationResourceTest {

    static final String TOKEN = "Bearer test-token";
    static final Duration WAIT = Duration.ofSeconds(30);

    TopicReader requests;

    @BeforeEach
    void read() {
        requests = TestKafka.read(Topics.MITIGATION_REQUESTS);
    }

    @AfterEach
    void close() {
        requests.close();
    }

    /** Raises an alert for a new pod and waits until the orchestrator counts it infected. */
    static String infectedPod(String node) {
        String pod = Fixtures.uniquePod("target");
        TestKafka.send(Topics.C2_ALERTS, Fixtures.NS + "/" + pod, Fixtures.alertJson(pod, node));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().queryParam("pod", Fixtures.NS + "/" + pod)
                .queryParam("open", "true").when().get("/api/alerts").then().body("[0].open", equalTo(true)));
        return pod;
    }

    static JsonNode json(ConsumerRecord<String, String> record) {
        try {
            return EventJson.MAPPER.readTree(record.value());
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode requestFor(String key, String technique) {
        return json(requests.awaitOne(r -> key.equals(r.key()) && technique.equals(json(r).path("technique").asText()),
                WAIT));
    }

    @Test
    void eachIntentButtonTargetsTheInfectedPodsTheirWorkloadOrTheirNode() {
        String node = "lab-node-" + Fixtures.uniquePod("n");
        String pod = infectedPod(node);
        String key = Fixtures.NS + "/" + pod;
        for (String[] button : new String[][] {
            {"D3-PT", "pod:terminate", "pod", pod},
            {"D3-EDL", "workload:delete", "workload", "Deployment/target-" + pod},
            {"D3-HS", "node:drain", "node", node},
            {"D3-NTF", "cilium:quarantine", "pod", pod},
            {"D3-FEV", "pod:evict-file", "pod", pod}}) {
            List<String> ids = given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                    .body("{\"technique\":\"" + button[0] + "\"}")
                    .when().post("/api/mitigations/infected")
                    .then().statusCode(202).body("follow", equalTo("/api/incidents"))
                    .extract().path("ids");
            JsonNode request = requestFor(key, button[0]);
            assertThat(ids).contains(request.path("requestId").asText());
            assertThat(request.path("mode").asText()).isEqualTo("apply");
            assertThat(request.path("action").asText()).isEqualTo(button[1]);
            assertThat(request.path("target").path("kind").asText()).isEqualTo(button[2]);
            assertThat(request.path("target").path("name").asText()).isEqualTo(button[3]);
            assertThat(request.path("alert").path("destination").asText()).isEqualTo("1.1.1.1");
            assertThat(request.path("incidentId").asText()).startsWith("inc-");
        }
    }

    @Test
    void aDryRunButtonSaysSo() {
        String pod = infectedPod("lab-worker-1");
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"technique\":\"D3-NTF\",\"mode\":\"dry-run\"}")
                .when().post("/api/mitigations/infected").then().statusCode(202);
        assertThat(requestFor(Fixtures.NS + "/" + pod, "D3-NTF").path("mode").asText()).isEqualTo("dry-run");
    }

    @Test
    void aManualMitigationJoinsThePodsIncident() {
        String pod = infectedPod("lab-worker-1");
        String key = Fixtures.NS + "/" + pod;
        String requestId = given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"technique\":\"D3-FEV\",\"target\":{\"kind\":\"pod\",\"namespace\":\"c2-lab\",\"name\":\""
                        + pod + "\"}}")
                .when().post("/api/mitigations")
                .then().statusCode(202).body("follow", startsWith("/api/incidents/inc-"))
                .extract().path("commandId");
        JsonNode request = requestFor(key, "D3-FEV");
        assertThat(request.path("requestId").asText()).isEqualTo(requestId);
        assertThat(request.path("action").asText()).isEqualTo("pod:evict-file");
        assertThat(request.path("requestedBy").asText()).isEqualTo("orchestrator");
        // the request shows in the incident's timeline once read back from the topic
        String incident = given().queryParam("pod", key).when().get("/api/alerts").then().extract().path("[0].incidentId");
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/incidents/" + incident)
                .then().body("timeline.kind", hasItem("request")).body("timeline.ref", hasItem(requestId)));
    }

    @Test
    void approveAndRevertNameThePublishedMitigation() {
        String pod = Fixtures.uniquePod("target");
        String key = Fixtures.NS + "/" + pod;
        MitigationEvent planned = Fixtures.step(pod, "inc-" + pod, "req-" + pod, MitigationStatus.PLANNED,
                "cilium:quarantine", "D3-NTF", Instant.now());
        TestKafka.send(Topics.MITIGATION_EVENTS, key, Fixtures.stepJson(planned));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/mitigations/" + planned.eventId())
                .then().statusCode(200).body("status", equalTo("PLANNED")));
        for (String mode : List.of("approve", "revert")) {
            given().header("Authorization", TOKEN).when().post("/api/mitigations/" + planned.eventId() + "/" + mode)
                    .then().statusCode(202).body("follow", equalTo("/api/mitigations/" + planned.eventId()));
            JsonNode request = json(requests.awaitOne(r -> key.equals(r.key())
                    && mode.equals(json(r).path("mode").asText()), WAIT));
            assertThat(request.path("reference").asText()).isEqualTo(planned.eventId());
            assertThat(request.path("incidentId").asText()).isEqualTo("inc-" + pod);
            assertThat(request.path("target").path("name").asText()).isEqualTo(pod);
        }
    }

    @Test
    void refusalsNameTheProblem() {
        given().when().post("/api/mitigations/infected").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"technique\":\"D3-PT\"}")
                .when().post("/api/mitigations").then().statusCode(401);
        given().when().post("/api/mitigations/evt-x/approve").then().statusCode(401);
        given().when().post("/api/mitigations/evt-x/revert").then().statusCode(401);

        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("{\"technique\":\"D3-XYZ\"}")
                .when().post("/api/mitigations/infected").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("$.technique"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("{\"technique\":\"D3-NTF\",\"mode\":\"now\"}")
                .when().post("/api/mitigations/infected").then().statusCode(400).body("errors[0].field", equalTo("$.mode"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("{\"technique\":\"D3-NTF\"}")
                .when().post("/api/mitigations").then().statusCode(400).body("errors.field", hasItem("$.target"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"technique\":\"D3-NTF\",\"target\":{\"kind\":\"planet\",\"name\":\"earth\"}}")
                .when().post("/api/mitigations").then().statusCode(400).body("errors[0].field", equalTo("$.target.kind"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"action\":\"cilium:quarantine\",\"target\":{\"kind\":\"pod\",\"namespace\":\"c2-lab\","
                        + "\"name\":\"Bad_Name\"}}")
                .when().post("/api/mitigations").then().statusCode(400).body("errors.field", hasItem("$.target.name"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"technique\":\"D3-NTF\",\"incidentId\":\"inc-none\",\"target\":{\"kind\":\"pod\","
                        + "\"namespace\":\"c2-lab\",\"name\":\"p\"}}")
                .when().post("/api/mitigations").then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", TOKEN).when().post("/api/mitigations/evt-never-published/approve")
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", TOKEN).when().post("/api/mitigations/evt-never-published/revert")
                .then().statusCode(404);
        given().header("Authorization", TOKEN).when().post("/api/mitigations/bad%20id/revert")
                .then().statusCode(400).body("errors[0].field", equalTo("id"));
    }
}
