package io.c2intents.orchestrator.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.c2intents.orchestrator.Fixtures;
import io.c2intents.testsupport.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** A (re)started orchestrator rebuilds its views from what the topics already hold. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(PublishedBeforeStart.class)
class ViewRebuildTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void recordsPublishedBeforeTheStartAreInTheViews() {
        // read here, not injected: injection points are checked in every test app, where these are absent
        Config config = ConfigProvider.getConfig();
        String pod = config.getValue("test.history.pod", String.class);
        String intent = config.getValue("test.history.intent", String.class);
        String incident = config.getValue("test.history.incident", String.class);
        String key = Fixtures.NS + "/" + pod;
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().queryParam("pod", key).when().get("/api/flows")
                .then().body("$", hasSize(1)).body("[0].destination.ip", equalTo("1.1.1.1")));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/incidents/" + incident)
                .then().statusCode(200).body("status", equalTo("CONTAINED")).body("pod", equalTo(key))
                .body("timeline", hasSize(2)));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/intents/" + intent)
                .then().statusCode(200).body("name", equalTo(intent)));
    }
}
