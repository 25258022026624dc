package io.c2intents.orchestrator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.c2intents.events.Contracts;
import io.c2intents.events.SecurityIntent;
import io.c2intents.events.Topics;
import io.c2intents.orchestrator.Fixtures;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.TestKafka;
import io.c2intents.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Intents are validated, written to the compacted topic keyed by name, read back into the view, and deleted. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class IntentResourceTest {

    static final String TOKEN = "Bearer test-token";
    static final Duration WAIT = Duration.ofSeconds(30);

    static String intentBody(String name) {
        return Contracts.SECURITY_INTENT.example().orElseThrow()
                .replace("\"contain-and-eradicate-c2\"", "\"" + name + "\"");
    }

    @Test
    void putWritesTheIntentThenItIsListedAndDeleteWritesATombstone() {
        String name = Fixtures.uniquePod("intent");
        try (TopicReader topic = TestKafka.read(Topics.SECURITY_INTENTS)) {
            given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(intentBody(name))
                    .when().put("/api/intents/" + name)
                    .then().statusCode(202).body("commandId", equalTo(name))
                    .body("follow", equalTo("/api/intents/" + name));
            ConsumerRecord<String, String> written = topic.awaitOne(r -> name.equals(r.key()), WAIT);
            SecurityIntent intent = Contracts.SECURITY_INTENT.read(written.value());
            assertThat(intent.techniques()).containsExactly("D3-NTF", "D3-FEV", "D3-PT");

            Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/intents/" + name)
                    .then().statusCode(200).body("mode", equalTo("automatic"))
                    .body("verificationWindow", equalTo("PT2M")));
            given().when().get("/api/intents").then().statusCode(200).body("name", hasItem(name));
            // what the API shows can be sent back as it is
            String shown = given().when().get("/api/intents/" + name).then().extract().asString();
            given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(shown)
                    .when().put("/api/intents/" + name).then().statusCode(202);

            given().header("Authorization", TOKEN).when().delete("/api/intents/" + name)
                    .then().statusCode(202);
            topic.await(r -> name.equals(r.key()) && r.value() == null, 1, WAIT);
            Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/intents/" + name)
                    .then().statusCode(404));
            given().when().get("/api/intents").then().body("name", not(hasItem(name)));
        }
    }

    @Test
    void theNameMayComeFromThePathAndAReplacementWins() {
        String name = Fixtures.uniquePod("intent");
        String withoutName = intentBody(name).replace("\"name\": \"" + name + "\",", "");
        assertThat(withoutName).doesNotContain(name);
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(withoutName)
                .when().put("/api/intents/" + name).then().statusCode(202);
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(intentBody(name).replace("\"automatic\"", "\"approval\""))
                .when().put("/api/intents/" + name).then().statusCode(202);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/intents/" + name)
                .then().statusCode(200).body("mode", equalTo("approval")));
    }

    @Test
    void invalidIntentsAreRefusedNamingEveryBadField() {
        String name = Fixtures.uniquePod("intent");
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(intentBody(name).replace("\"D3-PT\"", "\"D3-NOPE\"").replace("\"minScore\": 0.5", "\"minScore\": 2"))
                .when().put("/api/intents/" + name)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("$.techniques[2]"))
                .body("errors.field", hasItem("$.trigger.minScore"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(intentBody("other-name"))
                .when().put("/api/intents/" + name)
                .then().statusCode(400).body("errors[0].field", equalTo("$.name"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("[1,2]")
                .when().put("/api/intents/" + name)
                .then().statusCode(400).body("errors[0].field", equalTo("$"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(intentBody("Not_A_Label"))
                .when().put("/api/intents/Not_A_Label")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        given().when().get("/api/intents/" + name).then().statusCode(404);
    }

    @Test
    void writesNeedTheTokenAndUnknownIntentsAre404() {
        String name = Fixtures.uniquePod("intent");
        given().contentType(ContentType.JSON).body(intentBody(name)).when().put("/api/intents/" + name)
                .then().statusCode(401).contentType("application/problem+json");
        given().when().delete("/api/intents/" + name).then().statusCode(401);
        given().header("Authorization", TOKEN).when().delete("/api/intents/" + name)
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/api/intents/" + name).then().statusCode(404)
                .body("detail", equalTo("no intent named " + name));
    }

    @Test
    void anInvalidIntentOnTheTopicGoesToTheDeadLetterTopic() {
        String name = Fixtures.uniquePod("intent");
        try (TopicReader dlq = TestKafka.read(Topics.dlq(Topics.SECURITY_INTENTS))) {
            TestKafka.send(Topics.SECURITY_INTENTS, name, intentBody(name).replace("\"automatic\"", "\"sometimes\""));
            ConsumerRecord<String, String> dead = dlq.awaitOne(r -> name.equals(r.key()), WAIT);
            assertThat(TopicReader.header(dead, Topics.DLQ_REASON_HEADER)).contains("$.mode");
        }
        given().when().get("/api/intents/" + name).then().statusCode(404);
    }
}
