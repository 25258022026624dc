package io.c2intents.orchestrator.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.c2intents.testsupport.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * Every bad input is a 400 that says what is wrong in the user's terms: label syntax, enum parameters with their
 * allowed values, where JSON is malformed; never a Java class name or a regular expression.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ValidationMessagesTest {

    static final String TOKEN = "Bearer test-token";

    @Test
    void aSelectorKeyThatIsNotAKubernetesLabelKeyIs400() {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Examples.INTENT.replace("contain-and-eradicate-c2", "bad-selector")
                        .replace("\"selector\":{}", "\"selector\":{\"app; rm -rf /\":\"target\"}"))
                .when().put("/api/intents/bad-selector")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors.field", hasItem("$.scope.selector['app; rm -rf /']"))
                .body("detail", containsString("is not a Kubernetes label key"));
    }

    @Test
    void aLabelFilterWithABadValueIs400() {
        given().queryParam("label", "app=" + "x".repeat(64)).when().get("/api/flows")
                .then().statusCode(400).body("errors[0].field", equalTo("label"))
                .body("errors[0].message", containsString("Kubernetes label value"));
    }

    @Test
    void anUnknownVerdictIs400ListingTheAllowedOnes() {
        given().queryParam("verdict", "BOGUS").when().get("/api/flows")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("verdict"))
                .body("errors[0].message", containsString("FORWARDED, DROPPED"));
        given().queryParam("verdict", "dropped").when().get("/api/flows").then().statusCode(200);
    }

    @Test
    void malformedJsonSaysWhereAndWhat() {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"technique\": \"D3-NTF\",\n \"target\": {\"kind\": \"pod\" \"name\": \"x\"}}")
                .when().post("/api/mitigations")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("detail", allOf(containsString("malformed JSON"), containsString("line 2, column"),
                        not(containsString("HTTP 400 Bad Request"))));
    }

    @Test
    void noJavaClassNamesInErrors() {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"technique\":\"D3-NTF\",\"target\":{\"kind\":\"planet\",\"namespace\":\"c2-lab\","
                        + "\"name\":\"x\"}}")
                .when().post("/api/mitigations")
                .then().statusCode(400)
                .body("detail", allOf(containsString("planet"), not(containsString("io.c2intents")),
                        not(containsString("java.")), not(containsString("`"))));
    }

    @Test
    void durationErrorsSayIso8601NotARegex() {
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Examples.INTENT.replace("contain-and-eradicate-c2", "bad-window")
                        .replace("\"PT2M\"", "\"2 minutes\""))
                .when().put("/api/intents/bad-window")
                .then().statusCode(400)
                .body("detail", allOf(containsString("an ISO-8601 duration like PT30S"), not(containsString("^P("))))
                .body("errors.field", hasItem("$.verificationWindow"));
    }
}
