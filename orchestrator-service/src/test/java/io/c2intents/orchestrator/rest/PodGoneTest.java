package io.c2intents.orchestrator.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.c2intents.events.Contracts;
import io.c2intents.events.Topics;
import io.c2intents.lab.LabCluster;
import io.c2intents.orchestrator.Fixtures;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.LabClusterTestResource;
import io.c2intents.testsupport.TestKafka;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Incidents of pods the cluster no longer has (deleted since, or from an earlier run on the same broker) turn GONE:
 * their history stays, but they no longer count as infected in the pod list, the flows and the intent buttons.
 * The lab cluster answers which pods exist; {@code %test.orchestrator.pod-check-interval} is 2 s.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = LabClusterTestResource.class,
        initArgs = @ResourceArg(name = LabClusterTestResource.NAMESPACE, value = Fixtures.NS))
class PodGoneTest {

    static final String TOKEN = "Bearer test-token";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final Instant T = Instant.parse("2026-03-14T09:21:04.137Z");

    @LabClusterTestResource.InjectLab
    LabCluster lab;

    @Test
    void anAlertForAPodThatNeverExistedHereIsHistoryNotAnInfection() {
        String ghost = Fixtures.uniquePod("ghost");
        String alive = Fixtures.uniquePod("alive");
        createPod(alive);
        alert(ghost, 1);
        alert(alive, 1);
        TestKafka.send(Topics.HUBBLE_FLOWS, key(ghost), Fixtures.flowJson(ghost, "1.1.1.1", "FORWARDED", false, T));
        TestKafka.send(Topics.HUBBLE_FLOWS, key(alive), Fixtures.flowJson(alive, "1.1.1.1", "FORWARDED", false, T));

        awaitStatus(ghost, "GONE");
        given().queryParam("status", "GONE").when().get("/api/incidents").then().statusCode(200)
                .body("pod", hasItem(key(ghost))).body("pod", not(hasItem(key(alive))));
        given().when().get("/api/incidents").then()
                .body("find { it.pod == '" + key(ghost) + "' }.timeline.kind", equalTo(java.util.List.of("alert", "gone")))
                .body("find { it.pod == '" + key(ghost) + "' }.timeline[1].summary",
                        containsString("no longer exists in the cluster"))
                .body("find { it.pod == '" + key(ghost) + "' }.alertCount", equalTo(1))
                .body("find { it.pod == '" + key(alive) + "' }.status", equalTo("OPEN"));
        given().when().get("/api/cluster/pods").then().statusCode(200)
                .body("find { it.name == '" + alive + "' }.infected", equalTo(true))
                .body("name", not(hasItem(ghost)));

        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().queryParam("pod", key(ghost))
                .when().get("/api/flows").then().body("$", hasSize(1)));
        given().queryParam("pod", key(ghost)).queryParam("infected", "true").when().get("/api/flows").then()
                .statusCode(200).body("$", hasSize(0));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().queryParam("pod", key(alive))
                .queryParam("infected", "true").when().get("/api/flows").then().body("$", hasSize(1))
                .body("[0].sourceInfected", equalTo(true)));

        // an intent button reaches the pod that exists, not the one that is gone
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"technique\":\"D3-NTF\",\"mode\":\"dry-run\"}")
                .when().post("/api/mitigations/infected")
                .then().statusCode(202)
                .body("message", containsString(key(alive))).body("message", not(containsString(ghost)));
    }

    @Test
    void aPodDeletedAfterItsAlertTurnsGoneAndNewEvidenceOpensANewIncident() {
        String departed = Fixtures.uniquePod("departed");
        createPod(departed);
        alert(departed, 1);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/cluster/pods").then()
                .body("find { it.name == '" + departed + "' }.infected", equalTo(true)));
        awaitStatus(departed, "OPEN");

        lab.client().pods().inNamespace(Fixtures.NS).withName(departed).delete();
        awaitStatus(departed, "GONE");

        // C2 evidence newer than the gone incident holds: a pod of that name is alive again
        createPod(departed);
        alert(departed, 2);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/incidents").then()
                .body("findAll { it.pod == '" + key(departed) + "' }.status", equalTo(java.util.List.of("OPEN", "GONE"))));
        given().when().get("/api/incidents").then()
                .body("findAll { it.pod == '" + key(departed) + "' }.alertCount", everyItem(equalTo(1)));
    }

    void createPod(String name) {
        lab.client().pods().inNamespace(Fixtures.NS).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(Fixtures.NS).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("alpine:3.20").withCommand("crond", "-f")
                .endContainer().endSpec().build()).create();
    }

    static void alert(String pod, int revision) {
        TestKafka.send(Topics.C2_ALERTS, key(pod),
                Contracts.C2_ALERT.write(Fixtures.alert(pod, "lab-worker-1", revision, T.plusSeconds(revision))));
    }

    static void awaitStatus(String pod, String status) {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/incidents").then()
                .body("find { it.pod == '" + key(pod) + "' }.status", equalTo(status)));
    }

    static String key(String pod) {
        return Fixtures.NS + "/" + pod;
    }
}
