package io.c2intents.orchestrator.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import io.c2intents.lab.LabCluster;
import io.c2intents.orchestrator.Fixtures;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.LabClusterTestResource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * Infect and manual mitigations name a pod that must exist: a pod the Kubernetes API does not know is 404 and
 * nothing is sent (it was 202, opened an incident that never closed, and the buttons fanned out to it).
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = LabClusterTestResource.class,
        initArgs = @ResourceArg(name = LabClusterTestResource.NAMESPACE, value = Fixtures.NS))
class PodExistsTest {

    static final String TOKEN = "Bearer test-token";

    @LabClusterTestResource.InjectLab
    LabCluster lab;

    @Test
    void infectingAPodThatDoesNotExistIs404() {
        String ghost = Fixtures.uniquePod("ghost");
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"pod\":\"" + ghost + "\"}")
                .when().post("/api/experiment/infect")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("no pod " + Fixtures.NS + "/" + ghost));
    }

    @Test
    void aManualMitigationOnAPodThatDoesNotExistIs404AndOpensNoIncident() {
        String ghost = Fixtures.uniquePod("ghost");
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"technique\":\"D3-NTF\",\"target\":{\"kind\":\"pod\",\"namespace\":\"" + Fixtures.NS
                        + "\",\"name\":\"" + ghost + "\"},\"mode\":\"dry-run\"}")
                .when().post("/api/mitigations")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("detail", containsString("no pod " + Fixtures.NS + "/" + ghost));
        given().when().get("/api/incidents").then().statusCode(200)
                .body("pod", not(hasItem(Fixtures.NS + "/" + ghost)));
    }

    @Test
    void aPodThatExistsIsAccepted() {
        String real = Fixtures.uniquePod("real");
        lab.client().pods().inNamespace(Fixtures.NS).resource(new PodBuilder()
                .withNewMetadata().withName(real).withNamespace(Fixtures.NS).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("alpine:3.20").withCommand("crond", "-f")
                .endContainer().endSpec().build()).create();
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"technique\":\"D3-NTF\",\"target\":{\"kind\":\"pod\",\"namespace\":\"" + Fixtures.NS
                        + "\",\"name\":\"" + real + "\"},\"mode\":\"dry-run\"}")
                .when().post("/api/mitigations")
                .then().statusCode(202);
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"pod\":\"" + real + "\"}")
                .when().post("/api/experiment/infect")
                .then().statusCode(202).body("message", equalTo("infect sent to the attack simulator"));
    }
}
