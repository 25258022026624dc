package io.c2intents.orchestrator.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.Topics;
import io.c2intents.orchestrator.Fixtures;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What the mitigation service would refuse is refused here, with 400 naming the field (it was accepted 202 and
 * then dead-lettered); and what it rejected shows its reason on the mitigation and the incident.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class MitigationServiceRulesTest {

    static final String TOKEN = "Bearer test-token";

    @Test
    void anIntentWithAZeroVerificationWindowIs400() {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Examples.INTENT.replace("contain-and-eradicate-c2", "zero-window")
                        .replace("\"PT2M\"", "\"PT0S\""))
                .when().put("/api/intents/zero-window")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors.field", hasItem("$.verificationWindow"))
                .body("detail", containsString("longer than zero"));
    }

    @Test
    void intentParametersForAnActionItsTechniquesDoNotUseAre400() {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Examples.INTENT.replace("contain-and-eradicate-c2", "stray-parameters")
                        .replace("\"parameters\":{}", "\"parameters\":{\"node:drain\":{\"mode\":\"cordon\"}}"))
                .when().put("/api/intents/stray-parameters")
                .then().statusCode(400).body("errors.field", hasItem("$.parameters['node:drain']"));
    }

    @Test
    void aTargetTheActionDoesNotActOnIs400() {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"action\":\"pod:terminate\",\"target\":{\"kind\":\"node\",\"name\":\"lab-worker-1\"}}")
                .when().post("/api/mitigations")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors.field", hasItem("$.target.kind"))
                .body("detail", containsString("pod:terminate acts on [pod], not on a node"));
    }

    @Test
    void unknownOrBadParametersAre400() {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"action\":\"node:drain\",\"target\":{\"kind\":\"node\",\"name\":\"lab-worker-1\"},"
                        + "\"parameters\":{\"mode\":\"explode\",\"force\":\"yes\"}}")
                .when().post("/api/mitigations")
                .then().statusCode(400)
                .body("errors.field", hasItem("$.parameters.mode"))
                .body("errors.field", hasItem("$.parameters.force"));
    }

    @Test
    void aRejectedMitigationShowsItsReasonOnTheMitigationAndTheIncident() {
        String pod = Fixtures.uniquePod("target");
        String key = Fixtures.NS + "/" + pod;
        TestKafka.send(Topics.C2_ALERTS, key, Fixtures.alertJson(pod, "lab-worker-1"));
        MitigationEvent template = Fixtures.step(pod, null, "req-rejected-" + pod, MitigationStatus.REJECTED,
                "cilium:quarantine", "D3-NTF", Instant.parse("2026-03-14T09:22:00Z"));
        String reason = "guardrail: " + key + " carries the system's own label";
        MitigationEvent rejected = new MitigationEvent(template.schemaVersion(), template.eventId(),
                template.requestId(), null, MitigationStatus.REJECTED, template.action(), template.technique(), null,
                template.target(), List.of(), reason, null, false, template.at(), template.startedAt(), 1);
        TestKafka.send(Topics.MITIGATION_EVENTS, key, Fixtures.stepJson(rejected));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .when().get("/api/mitigations/" + rejected.requestId())
                .then().statusCode(200).body("status", equalTo("REJECTED")).body("reason", equalTo(reason)));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .when().get("/api/incidents")
                .then().statusCode(200).body("find { it.pod == '" + key + "' }.timeline.summary", hasItem(reason)));
    }
}
