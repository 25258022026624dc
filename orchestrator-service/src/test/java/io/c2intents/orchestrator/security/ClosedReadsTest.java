package io.c2intents.orchestrator.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.c2intents.testsupport.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** With {@code orchestrator.open-reads=false} reads need the token too; without a configured token one is generated. */
@QuarkusTest
@TestProfile(ClosedReadsProfile.class)
@WithTestResource(KafkaTestResource.class)
class ClosedReadsTest {

    @Inject
    ApiToken token;

    @Test
    void aTokenIsGeneratedWhenNoneIsConfigured() {
        assertThat(token.generated()).isTrue();
        assertThat(token.value()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(token.accepts("test-token")).isFalse();
        assertThat(ApiToken.announcement(token.value())).contains(token.value()).contains("orchestrator.api-token");
        given().header("Authorization", "Bearer test-token").when().post("/api/experiment/deploy")
                .then().statusCode(401);
    }

    @Test
    void readsNeedTheTokenButThePageSwaggerAndHealthStayOpen() {
        for (String path : new String[] {"/api/flows", "/api/alerts", "/api/incidents", "/api/intents",
            "/api/mitigations", "/api/commands", "/api/cluster/pods", "/api/flows/stream"}) {
            given().when().get(path).then().statusCode(401).contentType("application/problem+json");
        }
        given().header("Authorization", "Bearer " + token.value()).when().get("/api/incidents").then().statusCode(200);
        given().header("Authorization", "bearer " + token.value()).when().get("/api/intents").then().statusCode(200);
        given().when().get("/").then().statusCode(200).body(containsString("API token"));
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
    }
}
