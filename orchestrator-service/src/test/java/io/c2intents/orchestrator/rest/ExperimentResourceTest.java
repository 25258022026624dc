package io.c2intents.orchestrator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.c2intents.events.EventJson;
import io.c2intents.events.SimulatorCommandType;
import io.c2intents.events.Topics;
import io.c2intents.orchestrator.Fixtures;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.TestKafka;
import io.c2intents.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The experiment buttons put the right commands on {@code simulator-commands}, and only with the token. */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class ExperimentResourceTest {

    static final String TOKEN = "Bearer test-token";
    static final Duration WAIT = Duration.ofSeconds(30);

    TopicReader commands;

    @BeforeEach
    void read() {
        commands = TestKafka.read(Topics.SIMULATOR_COMMANDS);
    }

    @AfterEach
    void close() {
        commands.close();
    }

    @Test
    void deployUndeployCleanSendOneCommandEachKeyedByItsId() throws Exception {
        for (String[] button : new String[][] {{"deploy", "deploy"}, {"undeploy", "undeploy"}, {"clean", "reset"}}) {
            Response response = given().header("Authorization", TOKEN)
                    .when().post("/api/experiment/" + button[0])
                    .then().statusCode(202).contentType(ContentType.JSON)
                    .body("follow", startsWith("/api/commands/cmd-"))
                    .extract().response();
            String id = response.path("commandId");
            ConsumerRecord<String, String> record = commands.awaitOne(r -> id.equals(r.key()), WAIT);
            JsonNode command = EventJson.MAPPER.readTree(record.value());
            assertThat(command.path("type").asText()).isEqualTo(button[1]);
            assertThat(command.path("namespace").asText()).isEqualTo("c2-lab");
            given().when().get(response.<String>path("follow"))
                    .then().statusCode(200).body("state", equalTo("pending")).body("type", equalTo(button[1]));
        }
    }

    @Test
    void infectNamesThePodAndTheOutcomeShowsWhenTheSimulatorAnswers() throws Exception {
        String pod = Fixtures.uniquePod("target");
        String id = given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"pod\":\"" + pod + "\",\"c2Address\":\"1.1.1.1\"}")
                .when().post("/api/experiment/infect")
                .then().statusCode(202).extract().path("commandId");
        JsonNode command = EventJson.MAPPER.readTree(commands.awaitOne(r -> id.equals(r.key()), WAIT).value());
        assertThat(command.path("type").asText()).isEqualTo("infect");
        assertThat(command.path("pod").asText()).isEqualTo(pod);
        assertThat(command.path("c2Address").asText()).isEqualTo("1.1.1.1");

        TestKafka.send(Topics.SIMULATOR_EVENTS, id, Fixtures.simulatorDone(id, SimulatorCommandType.INFECT));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/commands/" + id)
                .then().statusCode(200).body("state", equalTo("done")).body("message", equalTo("infect done")));
        given().when().get("/api/commands?last=500").then().statusCode(200).body("commandId", hasItem(id));
    }

    @Test
    void infectWithoutBodyLetsTheSimulatorPickAPod() throws Exception {
        String id = given().header("Authorization", TOKEN)
                .when().post("/api/experiment/infect")
                .then().statusCode(202).extract().path("commandId");
        JsonNode command = EventJson.MAPPER.readTree(commands.awaitOne(r -> id.equals(r.key()), WAIT).value());
        assertThat(command.path("type").asText()).isEqualTo("infect");
        assertThat(command.has("pod")).isFalse();
    }

    @Test
    void setupSendsResetAndDeploysOnlyOnceTheResetIsDone() throws Exception {
        Response response = given().header("Authorization", TOKEN)
                .when().post("/api/experiment/setup")
                .then().statusCode(202).extract().response();
        List<String> ids = response.path("ids");
        String resetId = ids.get(0);
        String deployId = ids.get(1);
        assertThat(response.<String>path("commandId")).isEqualTo(deployId);
        JsonNode reset = EventJson.MAPPER.readTree(commands.awaitOne(r -> resetId.equals(r.key()), WAIT).value());
        assertThat(reset.path("type").asText()).isEqualTo("reset");
        given().when().get("/api/commands/" + deployId).then().statusCode(200).body("state", equalTo("waiting"));
        assertThat(commands.records(r -> deployId.equals(r.key()))).isEmpty();

        TestKafka.send(Topics.SIMULATOR_EVENTS, resetId, Fixtures.simulatorDone(resetId, SimulatorCommandType.RESET));
        JsonNode deploy = EventJson.MAPPER.readTree(commands.awaitOne(r -> deployId.equals(r.key()), WAIT).value());
        assertThat(deploy.path("type").asText()).isEqualTo("deploy");
        given().when().get("/api/commands/" + deployId).then().statusCode(200).body("state", equalTo("pending"));
    }

    @Test
    void setupIsCancelledWhenTheResetFails() {
        List<String> ids = given().header("Authorization", TOKEN)
                .when().post("/api/experiment/setup")
                .then().statusCode(202).extract().path("ids");
        commands.awaitOne(r -> ids.get(0).equals(r.key()), WAIT);
        TestKafka.send(Topics.SIMULATOR_EVENTS, ids.get(0),
                Fixtures.simulatorFailed(ids.get(0), SimulatorCommandType.RESET, "the API refused"));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/commands/" + ids.get(1))
                .then().statusCode(200).body("state", equalTo("cancelled"))
                .body("message", containsString("the API refused")));
        assertThat(commands.records(r -> ids.get(1).equals(r.key()))).isEmpty();
    }

    @Test
    void withoutOrWithAWrongTokenNothingIsSent() {
        given().when().post("/api/experiment/deploy")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401)).body("instance", equalTo("/api/experiment/deploy"))
                // where the token comes from: the setting, and run.sh's C2_API_TOKEN (not "the log at start")
                .body("detail", containsString("orchestrator.api-token"))
                .body("detail", containsString("C2_API_TOKEN"))
                .body("detail", containsString("scripts/run.sh"))
                // the file run.sh writes it to, and the environment variable of an orchestrator started by hand
                .body("detail", containsString("run/latest/api-token"))
                .body("detail", containsString("ORCHESTRATOR_API_TOKEN"));
        given().header("Authorization", "Bearer not-the-token").when().post("/api/experiment/infect")
                .then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("not the orchestrator's"));
        // the right token without the scheme: the answer names the header's form, not a wrong token
        for (String header : new String[] {"test-token", "Basic dGVzdDp0ZXN0"}) {
            given().header("Authorization", header).when().post("/api/experiment/setup")
                    .then().statusCode(401).contentType("application/problem+json")
                    .body("detail", containsString("must be 'Authorization: Bearer <token>'"))
                    .body("detail", not(containsString("not the orchestrator's")))
                    .body("detail", containsString("run/latest/api-token"));
        }
    }

    @Test
    void badParametersAreRefusedNamingTheField() {
        given().header("Authorization", TOKEN).queryParam("namespace", "C2_Lab")
                .when().post("/api/experiment/deploy")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://c2intents.io/problems/invalid-request"))
                .body("title", equalTo("Invalid request"))
                .body("errors[0].field", equalTo("namespace"))
                .body("instance", equalTo("/api/experiment/deploy"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"pod\":\"Bad Pod;rm -rf /\"}")
                .when().post("/api/experiment/infect")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("$.pod"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"c2Address\":\"1.1.1.999\",\"schedule\":\"* * * *\"}")
                .when().post("/api/experiment/infect")
                .then().statusCode(400)
                .body("errors.field", hasItem("$.c2Address")).body("errors.field", hasItem("$.schedule"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body("{\"pod\": [1, 2]}")
                .when().post("/api/experiment/infect")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("$.pod"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("{\"pods\":\"target-1\"}")
                .when().post("/api/experiment/infect")
                .then().statusCode(400).body("errors[0].field", equalTo("$.pods"));
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("{not json")
                .when().post("/api/experiment/infect")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void unknownCommandIs404AndAMalformedIdIs400() {
        given().when().get("/api/commands/cmd-never-sent").then().statusCode(404)
                .contentType("application/problem+json").body("title", equalTo("Not found"));
        given().when().get("/api/commands/%20bad%20id").then().statusCode(400)
                .body("errors[0].field", equalTo("id"));
        given().when().get("/api/commands?last=0").then().statusCode(400).body("errors[0].field", equalTo("last"));
    }

    @Test
    void systemNamespacesAreRefused() {
        for (String ns : List.of("kube-system", "kube-public", "kube-node-lease", "c2intents")) {
            given().header("Authorization", TOKEN).queryParam("namespace", ns)
                    .when().post("/api/experiment/setup")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("namespace"))
                    .body("errors[0].message", containsString("system namespace"));
        }
        given().header("Authorization", TOKEN).contentType(ContentType.JSON).body("{\"namespace\":\"kube-system\"}")
                .when().post("/api/experiment/infect")
                .then().statusCode(400).body("errors[0].field", equalTo("$.namespace"));
    }
}
