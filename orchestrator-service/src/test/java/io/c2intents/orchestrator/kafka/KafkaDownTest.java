package io.c2intents.orchestrator.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * The broker goes down under a running orchestrator: a command fails within a few seconds with 503 saying Kafka
 * is unreachable (it waited 120 s and more, then answered 500), and the readiness probe answers DOWN at once.
 */
@QuarkusTest
@TestProfile(KafkaDownProfile.class)
class KafkaDownTest {

    static final String TOKEN = "Bearer test-token";

    @Test
    void commandsFailFastAndReadinessSaysDownWhenTheBrokerStops() {
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().statusCode(200));
        given().header("Authorization", TOKEN).when().post("/api/experiment/deploy").then().statusCode(202);

        KafkaDownProfile.stopBroker();

        long start = System.nanoTime();
        Response response = given().header("Authorization", TOKEN).when().post("/api/experiment/deploy");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        response.then().statusCode(503).contentType("application/problem+json")
                .body("title", equalTo("Kafka unreachable"))
                .body("detail", containsString("kafka.bootstrap.servers"))
                .body("detail", containsString("retry"))
                .header("Retry-After", Matchers.notNullValue());
        // orchestrator.kafka-timeout is 3s here
        assertThat(took).isLessThan(Duration.ofSeconds(15));

        start = System.nanoTime();
        given().when().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
}
