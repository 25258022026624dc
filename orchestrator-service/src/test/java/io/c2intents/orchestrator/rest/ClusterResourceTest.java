package io.c2intents.orchestrator.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.c2intents.events.MitigationStatus;
import io.c2intents.events.Topics;
import io.c2intents.lab.LabCluster;
import io.c2intents.orchestrator.Fixtures;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.LabClusterTestResource;
import io.c2intents.testsupport.TestKafka;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Pods, nodes, deployments and logs read from the lab cluster (the project's Kubernetes API twin) with the
 * orchestrator's own Fabric8 client, marked from the alerts and mitigation events on Kafka.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(value = LabClusterTestResource.class,
        initArgs = @ResourceArg(name = LabClusterTestResource.NAMESPACE, value = Fixtures.NS))
class ClusterResourceTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @LabClusterTestResource.InjectLab
    LabCluster lab;

    @BeforeEach
    void deployTarget() {
        if (lab.client().apps().deployments().inNamespace(Fixtures.NS).withName("target").get() != null) {
            return;
        }
        Deployment target = new DeploymentBuilder()
                .withNewMetadata().withName("target").withNamespace(Fixtures.NS).endMetadata()
                .withNewSpec().withReplicas(2)
                .withNewSelector().withMatchLabels(Map.of("app", "target")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "target")).endMetadata()
                .withNewSpec().addNewContainer().withName("target").withImage("alpine:3.20")
                .withCommand("crond", "-f").endContainer().endSpec().endTemplate()
                .endSpec().build();
        lab.client().apps().deployments().inNamespace(Fixtures.NS).resource(target).create();
        Awaitility.await().atMost(WAIT).until(() -> running().size() == 2);
    }

    List<Pod> running() {
        return lab.client().pods().inNamespace(Fixtures.NS).withLabel("app", "target").list().getItems().stream()
                .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())).toList();
    }

    @Test
    void listsPodsNodesAndDeploymentsAndMarksTheInfectedOnes() {
        List<Pod> pods = running();
        Pod sick = pods.get(0);
        Pod healthy = pods.get(1);
        String sickName = sick.getMetadata().getName();
        String node = sick.getSpec().getNodeName();

        given().when().get("/api/cluster/pods").then().statusCode(200)
                .body("name", hasItem(sickName)).body("name", hasItem(healthy.getMetadata().getName()))
                .body("find { it.name == '" + sickName + "' }.phase", equalTo("Running"))
                .body("find { it.name == '" + sickName + "' }.node", equalTo(node))
                .body("find { it.name == '" + sickName + "' }.ip", equalTo(sick.getStatus().getPodIP()))
                .body("find { it.name == '" + sickName + "' }.owner", equalTo("Deployment/target"))
                .body("find { it.name == '" + sickName + "' }.labels.app", equalTo("target"));
        given().when().get("/api/cluster/nodes").then().statusCode(200)
                .body("name", hasItem(node)).body("ready", everyItem(equalTo(true)));
        given().when().get("/api/cluster/deployments").then().statusCode(200)
                .body("name", contains("target")).body("[0].replicas", equalTo(2));

        String key = Fixtures.NS + "/" + sickName;
        TestKafka.send(Topics.C2_ALERTS, key, Fixtures.alertJson(sickName, node));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/cluster/pods").then()
                .body("find { it.name == '" + sickName + "' }.infected", equalTo(true)));
        given().when().get("/api/cluster/pods").then()
                .body("find { it.name == '" + healthy.getMetadata().getName() + "' }.infected", equalTo(false))
                .body("find { it.name == '" + sickName + "' }.quarantined", equalTo(false))
                .body("find { it.name == '" + sickName + "' }.incidentId", containsString(sickName));
        given().when().get("/api/cluster/nodes").then()
                .body("find { it.name == '" + node + "' }.infected", equalTo(true))
                .body("find { it.name == '" + node + "' }.infectedPods", hasItem(key));
        given().when().get("/api/cluster/deployments").then()
                .body("[0].infected", equalTo(true)).body("[0].infectedPods", contains(key));

        TestKafka.send(Topics.MITIGATION_EVENTS, key, Fixtures.stepJson(Fixtures.step(sickName, null, "req-" + sickName,
                MitigationStatus.APPLIED, "cilium:quarantine", "D3-NTF", Instant.now())));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/api/cluster/pods").then()
                .body("find { it.name == '" + sickName + "' }.quarantined", equalTo(true)));
    }

    @Test
    void anotherNamespaceIsListedWhenAsked() {
        given().queryParam("namespace", "kube-system").when().get("/api/cluster/pods").then().statusCode(200)
                .body("namespace", not(hasItem(Fixtures.NS)));
        given().queryParam("namespace", "nothing-here").when().get("/api/cluster/deployments").then()
                .statusCode(200).body("$", hasSize(0));
        given().queryParam("namespace", "Not_Valid").when().get("/api/cluster/pods").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("namespace"));
    }

    @Test
    void aPodsLogIsReadTailFirstAndUnknownPodsAre404() {
        Pod pod = running().get(0);
        String name = pod.getMetadata().getName();
        var log = lab.pods().find(Fixtures.NS, name).orElseThrow().log();
        log.append(Instant.now(), "PING 1.1.1.1 (1.1.1.1): 56 data bytes\n");
        log.append(Instant.now(), "64 bytes from 1.1.1.1: seq=0 ttl=57 time=11.902 ms\n");
        String path = "/api/cluster/pods/" + Fixtures.NS + "/" + name + "/logs";
        String all = given().when().get(path).then().statusCode(200).contentType(containsString("text/plain"))
                .extract().asString();
        assertThat(all).contains("PING 1.1.1.1").contains("64 bytes from 1.1.1.1");
        String last = given().queryParam("tailLines", 1).when().get(path).then().statusCode(200).extract().asString();
        assertThat(last.strip()).isEqualTo("64 bytes from 1.1.1.1: seq=0 ttl=57 time=11.902 ms");
        given().queryParam("container", "target").when().get(path).then().statusCode(200);

        given().when().get("/api/cluster/pods/" + Fixtures.NS + "/no-such-pod/logs").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no-such-pod"));
        given().queryParam("container", "sidecar").when().get(path).then().statusCode(404);
        given().queryParam("tailLines", "all").when().get(path).then().statusCode(400)
                .body("errors[0].field", equalTo("tailLines"));
        given().when().get("/api/cluster/pods/" + Fixtures.NS + "/Bad_Name/logs").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
    }
}
