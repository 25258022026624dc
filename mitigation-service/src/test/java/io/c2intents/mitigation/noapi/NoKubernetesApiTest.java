package io.c2intents.mitigation.noapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.c2intents.events.C2Alert;
import io.c2intents.events.Contracts;
import io.c2intents.events.Detector;
import io.c2intents.events.EventJson;
import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.PodRef;
import io.c2intents.events.Target;
import io.c2intents.events.TouchedObject;
import io.c2intents.events.WorkloadRef;
import io.c2intents.mitigation.CiliumCrdSchema;
import io.c2intents.mitigation.Requests;
import io.c2intents.testsupport.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service with no Kubernetes API at all (its URL points at a closed port): a dry-run of every action still
 * plans from the request alone, an apply is retried with bounded backoff and then answered FAILED with the reason,
 * and the consumer goes on. The action catalogue is served from the registry alone too.
 */
@QuarkusTest
@TestProfile(NoKubernetesApiTest.NoApi.class)
@WithTestResource(KafkaTestResource.class)
class NoKubernetesApiTest {

    /** The Kubernetes API URL points at a port nothing listens on. */
    public static class NoApi implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.kubernetes-client.api-server-url", "http://127.0.0.1:" + closedPort(),
                    "mitigation.retry.attempts", "3");
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final String NS = "c2-lab";
    private static final String POD = "target-7c9d8f6b5-x2k4q";

    private static Requests requests;

    @BeforeAll
    static void open() {
        requests = new Requests();
    }

    @AfterAll
    static void close() {
        requests.close();
    }

    @Test
    void dryRunOfEveryActionPlansFromTheRequestAlone() {
        CiliumCrdSchema schema = CiliumCrdSchema.load();
        Map<String, Map<String, String>> actions = Map.of(
                "cilium:quarantine", Map.of("scope", "destination"),
                "pod:evict-file", Map.of(),
                "pod:terminate", Map.of("gracePeriodSeconds", "0"),
                "workload:delete", Map.of("mode", "scale-to-zero"),
                "node:drain", Map.of());

        for (var action : actions.entrySet()) {
            MitigationRequest request = new MitigationRequest(1, Requests.newId("dry"), MitigationMode.DRY_RUN,
                    action.getKey(), null, Target.pod(NS, POD), action.getValue(), "inc-1", null, alert(), "test",
                    Instant.now());

            MitigationEvent event = requests.send(request);

            assertThat(event.status()).as(event.reason()).isEqualTo(MitigationStatus.PLANNED);
            assertThat(event.dryRun()).isTrue();
            assertThat(event.reason()).startsWith("dry-run: would ");
            assertThat(event.objects()).isNotEmpty().allSatisfy(o -> assertThat(o.yaml()).isNotBlank());
        }
    }

    @Test
    void dryRunsShowThePolicyTheCrontabProgramTheWorkloadAndTheNodeFromTheAlert() throws IOException {
        MitigationEvent quarantine = dryRun("cilium:quarantine", Map.of());
        TouchedObject policy = quarantine.objects().stream().filter(o -> o.kind().equals("CiliumNetworkPolicy"))
                .findFirst().orElseThrow();
        CiliumCrdSchema.load().assertValid(policy.yaml());
        assertThat(policy.name()).isEqualTo("c2-quarantine-" + POD);
        assertThat(policy.yaml()).contains("C2 1.1.1.1");

        JsonNode eviction = CiliumCrdSchema.YAML.readTree(dryRun("pod:evict-file", Map.of()).objects().get(0).yaml());
        assertThat(eviction.at("/exec/1").toString())
                .isEqualTo("[\"sed\",\"-E\",\"-i\",\"/(^|[^0-9.])1\\\\.1\\\\.1\\\\.1([^0-9.]|$)/d\",\"/etc/crontabs/root\"]");
        assertThat(eviction.at("/exec/2").toString())
                .isEqualTo("[\"sh\",\"-c\",\"echo root >> /etc/crontabs/cron.update\"]");
        assertThat(dryRun("workload:delete", Map.of()).objects().get(0).name()).isEqualTo("target");
        assertThat(dryRun("node:drain", Map.of()).objects().get(0).name()).isEqualTo("lab-worker-1");
    }

    @Test
    void applyWithoutTheApiIsRetriedThenFailedAndTheConsumerGoesOn() {
        MitigationEvent failed = requests.apply("pod:terminate", Target.pod(NS, POD), Map.of());

        assertThat(failed.status()).isEqualTo(MitigationStatus.FAILED);
        assertThat(failed.reason()).startsWith("pod:terminate apply failed: Kubernetes API unavailable after 3 attempts");
        assertThat(failed.technique()).isEqualTo("D3-PT");

        assertThat(dryRun("pod:terminate", Map.of()).status()).isEqualTo(MitigationStatus.PLANNED);
    }

    @Test
    void theCatalogueListsEveryActionWithTechniqueParametersRbacAndAValidExample() throws IOException {
        String body = given().when().get("/api/actions").then().statusCode(200).extract().asString();
        JsonNode catalogue = EventJson.MAPPER.readTree(body);

        assertThat(StreamSupport.stream(catalogue.spliterator(), false).map(a -> a.get("address").asText()))
                .containsExactly("cilium:quarantine", "node:drain", "pod:evict-file", "pod:terminate",
                        "workload:delete");
        assertThat(StreamSupport.stream(catalogue.spliterator(), false).map(a -> a.at("/technique/id").asText()))
                .containsExactlyInAnyOrder("D3-NTF", "D3-HS", "D3-FEV", "D3-PT", "D3-EDL");
        for (JsonNode action : catalogue) {
            assertThat(action.get("rbac")).isNotEmpty();
            assertThat(action.get("preconditions")).isNotEmpty();
            assertThat(action.get("effectiveAgainst")).isNotEmpty();
            MitigationRequest example = Contracts.MITIGATION_REQUEST.read(action.get("exampleRequest"));
            assertThat(example.action()).isEqualTo(action.get("address").asText());
        }
        JsonNode quarantine = catalogue.get(0);
        assertThat(quarantine.at("/technique/name").asText()).isEqualTo("Network Traffic Filtering");
        assertThat(quarantine.at("/parameters/0/name").asText()).isEqualTo("scope");
        assertThat(quarantine.at("/parameters/0/allowed").toString()).isEqualTo("[\"all\",\"destination\"]");
        assertThat(quarantine.at("/revert/supported").asBoolean()).isTrue();
        assertThat(quarantine.at("/cost/reversibility").asText()).isEqualTo("reversible");
        assertThat(catalogue.get(3).at("/revert/supported").asBoolean()).as("pod:terminate").isFalse();

        given().when().get("/api/actions/pod:evict-file").then().statusCode(200)
                .body("technique.id", equalTo("D3-FEV"));
        given().when().get("/api/actions/pod:explode").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404)).body("detail", containsString("no action at 'pod:explode'"));
    }

    private static MitigationEvent dryRun(String action, Map<String, String> parameters) {
        return requests.send(new MitigationRequest(1, Requests.newId("dry"), MitigationMode.DRY_RUN, action, null,
                Target.pod(NS, POD), parameters, "inc-1", null, alert(), "test", Instant.now()));
    }

    private static C2Alert alert() {
        Instant now = Instant.now();
        return new C2Alert(1, NS + "/" + POD + "/1.1.1.1/indicator", 1, now,
                new PodRef(NS, POD, Map.of("app", "target", "pod-template-hash", "7c9d8f6b5"), "lab-worker-1",
                        "10.244.1.37", new WorkloadRef("ReplicaSet", "target-7c9d8f6b5")),
                "1.1.1.1", "ICMPv4", "T1095", Detector.INDICATOR, 0.95, now, now, 10, null, "test alert");
    }
}
