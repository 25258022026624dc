package io.c2intents.orchestrator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.c2intents.events.EventJson;
import io.c2intents.events.Topics;
import io.c2intents.orchestrator.Fixtures;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What a user opens besides the API: the OpenAPI document (every endpoint, with a summary and examples), Swagger
 * UI, the admin page, health and metrics; and that cross-origin calls are not invited.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ApiDocumentTest {

    /** Every endpoint of the API, by path and method. */
    static final Map<String, Set<String>> ENDPOINTS = Map.ofEntries(
            Map.entry("/api/experiment/setup", Set.of("post")),
            Map.entry("/api/experiment/clean", Set.of("post")),
            Map.entry("/api/experiment/deploy", Set.of("post")),
            Map.entry("/api/experiment/undeploy", Set.of("post")),
            Map.entry("/api/experiment/infect", Set.of("post")),
            Map.entry("/api/cluster/pods", Set.of("get")),
            Map.entry("/api/cluster/nodes", Set.of("get")),
            Map.entry("/api/cluster/deployments", Set.of("get")),
            Map.entry("/api/cluster/pods/{namespace}/{name}/logs", Set.of("get")),
            Map.entry("/api/flows", Set.of("get")),
            Map.entry("/api/flows/stream", Set.of("get")),
            Map.entry("/api/alerts", Set.of("get")),
            Map.entry("/api/alerts/stream", Set.of("get")),
            Map.entry("/api/incidents", Set.of("get")),
            Map.entry("/api/incidents/{id}", Set.of("get")),
            Map.entry("/api/incidents/stream", Set.of("get")),
            Map.entry("/api/intents", Set.of("get")),
            Map.entry("/api/intents/{name}", Set.of("get", "put", "delete")),
            Map.entry("/api/mitigations", Set.of("get", "post")),
            Map.entry("/api/mitigations/{id}", Set.of("get")),
            Map.entry("/api/mitigations/infected", Set.of("post")),
            Map.entry("/api/mitigations/{id}/approve", Set.of("post")),
            Map.entry("/api/mitigations/{id}/revert", Set.of("post")),
            Map.entry("/api/commands", Set.of("get")),
            Map.entry("/api/commands/{id}", Set.of("get")));

    @Test
    void theOpenApiDocumentListsEveryEndpointWithASummaryAndExamples() throws Exception {
        JsonNode doc = EventJson.MAPPER.readTree(given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString());
        JsonNode paths = doc.path("paths");
        List<String> listed = new ArrayList<>();
        paths.fieldNames().forEachRemaining(listed::add);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(ENDPOINTS.keySet());

        List<String> problems = new ArrayList<>();
        ENDPOINTS.forEach((path, methods) -> methods.forEach(method -> {
            JsonNode op = paths.path(path).path(method);
            String name = method.toUpperCase() + " " + path;
            if (op.isMissingNode()) {
                problems.add(name + ": missing");
                return;
            }
            if (op.path("summary").asText().isBlank()) {
                problems.add(name + ": no summary");
            }
            if (!hasExample(op.path("responses"))) {
                problems.add(name + ": no response example");
            }
            if (op.has("requestBody") && !hasExample(op.path("requestBody"))) {
                problems.add(name + ": no request body example");
            }
            for (JsonNode parameter : op.path("parameters")) {
                if (!parameter.has("example") && !parameter.has("examples")) {
                    problems.add(name + ": parameter " + parameter.path("name").asText() + " has no example");
                }
            }
            boolean mutating = !method.equals("get");
            boolean secured = op.path("security").toString().contains("bearer");
            if (mutating != secured) {
                problems.add(name + (mutating ? ": mutating but no bearer requirement" : ": read but secured"));
            }
            if (mutating && !(op.path("responses").has("503") && op.path("responses").has("413"))) {
                problems.add(name + ": no 503 (Kafka unreachable) or 413 (body too large) answer documented");
            }
            if (mutating && !op.path("responses").has("401")) {
                problems.add(name + ": no 401 answer documented");
            }
            if (!mutating && (op.path("responses").has("503") || op.path("responses").has("413"))) {
                problems.add(name + ": a read documents a Kafka (503) or body size (413) answer");
            }
            if (mutating && !op.path("responses").path("503").path("content").path("application/problem+json")
                    .path("examples").has("kafka-down")) {
                problems.add(name + ": the 503 answer has no application/problem+json kafka-down example");
            }
        }));
        assertThat(problems).isEmpty();
        assertThat(doc.path("components").path("securitySchemes").path("bearer").path("scheme").asText())
                .isEqualTo("bearer");
        assertThat(doc.path("components").path("securitySchemes").path("bearer").path("description").asText())
                .contains("orchestrator.api-token", "C2_API_TOKEN", "scripts/run.sh")
                .doesNotContain("printed in the log at start");
        assertThat(doc.path("info").path("title").asText()).isEqualTo("C2 intents orchestrator");
    }

    @Test
    void durationsAreShownWithTheKindOfValueIntentsHold() throws Exception {
        String text = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().asString();
        JsonNode doc = EventJson.MAPPER.readTree(text);
        JsonNode intent = doc.path("components").path("schemas").path("SecurityIntent").path("properties");
        for (String field : List.of("verificationWindow", "duration")) {
            JsonNode schema = intent.path(field);
            if (schema.has("$ref")) {
                String ref = schema.path("$ref").asText();
                schema = doc.at(ref.substring(1));
            }
            assertThat(schema.path("format").asText()).as(field + ": " + intent).isEqualTo("duration");
            assertThat(schema.path("example").asText()).as(field).isEqualTo("PT2M");
        }
        // SmallRye's built-in example for java.time.Duration is one day, no value an intent would hold
        assertThat(text).doesNotContain("\"P1D\"");
    }

    private static boolean hasExample(JsonNode node) {
        if (node.isObject()) {
            if ((node.has("examples") && node.path("examples").size() > 0) || node.has("example")) {
                return true;
            }
            Iterator<JsonNode> values = node.elements();
            while (values.hasNext()) {
                if (hasExample(values.next())) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void swaggerUiAndTheAdminPageAreServed() {
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger-ui"));
        given().when().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Process Termination")).body(containsString("app.js"));
        given().when().get("/app.js").then().statusCode(200).body(containsString("/api/flows/stream"));
    }

    @Test
    void crossOriginCallsAreNotInvited() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization")
                .when().options("/api/experiment/deploy")
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://evil.example").when().get("/api/incidents")
                .then().statusCode(200).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void healthIsUpAndMetricsCountTheRecordsRead() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        String pod = Fixtures.uniquePod("metrics");
        TestKafka.send(Topics.HUBBLE_FLOWS, Fixtures.NS + "/" + pod,
                Fixtures.flowJson(pod, "8.8.8.8", "FORWARDED", false, Instant.now()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().when().get("/q/metrics").asString()
                .contains("orchestrator_records_consumed_total{topic=\"hubble-flows\"}"));
    }
}
