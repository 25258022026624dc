package io.c2intents.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkloadControllerTest {

    private LabCluster lab;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        lab = LabCluster.start(LabConfig.forTests());
        client = lab.client();
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    @Test
    void aFreshLabHasNamespacesAndThreeReadyNodes() {
        assertThat(client.namespaces().list().getItems()).extracting(ns -> ns.getMetadata().getName())
                .contains("default", "kube-system");
        List<Node> nodes = client.nodes().list().getItems();
        assertThat(nodes).extracting(node -> node.getMetadata().getName())
                .containsExactly("lab-node-1", "lab-node-2", "lab-node-3");
        assertThat(nodes).allSatisfy(node -> assertThat(node.getStatus().getConditions())
                .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")));
    }

    @Test
    void aDeploymentRunsFourPodsWithIpsSpreadOverTheNodes() {
        client.apps().deployments().resource(Workloads.alpine("target", 4)).create();

        List<Pod> pods = awaitRunning("target", 4);

        assertThat(pods).allSatisfy(pod -> {
            assertThat(pod.getMetadata().getName()).matches("target-[bcdfghjklmnpqrstvwxz2456789]+-[bcdfghjklmnpqrstvwxz2456789]{5}");
            assertThat(pod.getStatus().getPodIP()).startsWith("10.244.");
            assertThat(pod.getStatus().getHostIP()).startsWith("172.18.0.");
            assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(owner -> assertThat(owner.getKind()).isEqualTo("ReplicaSet"));
            assertThat(pod.getStatus().getConditions())
                    .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        });
        assertThat(pods).extracting(pod -> pod.getStatus().getPodIP()).doesNotHaveDuplicates();
        Set<String> nodes = pods.stream().map(pod -> pod.getSpec().getNodeName()).collect(Collectors.toSet());
        assertThat(nodes).hasSize(3);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Deployment deployment = client.apps().deployments().withName("target").get();
            assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(4);
            assertThat(deployment.getStatus().getAvailableReplicas()).isEqualTo(4);
        });
        assertThat(lab.pods().all()).hasSize(4);
    }

    @Test
    void aDeletedPodIsReplacedByAFreshOne() {
        client.apps().deployments().resource(Workloads.alpine("target", 2)).create();
        List<Pod> before = awaitRunning("target", 2);
        Pod victim = before.get(0);

        client.pods().resource(victim).delete();

        List<Pod> after = awaitRunning("target", 2);
        assertThat(after).extracting(pod -> pod.getMetadata().getName())
                .doesNotContain(victim.getMetadata().getName())
                .contains(before.get(1).getMetadata().getName());
    }

    @Test
    void cordonAndDrainMovePodsOffTheNode() {
        client.apps().deployments().resource(Workloads.alpine("target", 4)).create();
        List<Pod> pods = awaitRunning("target", 4);
        String node = pods.get(0).getSpec().getNodeName();

        client.nodes().withName(node).edit(n -> {
            n.getSpec().setUnschedulable(true);
            return n;
        });
        List<Pod> onNode = client.pods().withField("spec.nodeName", node).list().getItems();
        assertThat(onNode).isNotEmpty();
        for (Pod pod : onNode) {
            assertThat(client.pods().resource(pod).evict()).isTrue();
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Pod> running = running("target");
            assertThat(running).hasSize(4);
            assertThat(running).noneMatch(pod -> node.equals(pod.getSpec().getNodeName()));
        });
    }

    @Test
    void scalingThroughTheScaleSubresource() {
        client.apps().deployments().resource(Workloads.alpine("target", 2)).create();
        awaitRunning("target", 2);

        client.apps().deployments().withName("target").scale(5);
        awaitRunning("target", 5);
        assertThat(client.apps().deployments().withName("target").scale().getSpec().getReplicas()).isEqualTo(5);

        client.apps().deployments().withName("target").scale(1);
        awaitRunning("target", 1);
    }

    @Test
    void deletingTheDeploymentDeletesItsPods() {
        client.apps().deployments().resource(Workloads.alpine("target", 3)).create();
        awaitRunning("target", 3);

        client.apps().deployments().withName("target").delete();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(client.pods().withLabel("app", "target").list().getItems()).isEmpty();
            assertThat(client.apps().replicaSets().list().getItems()).isEmpty();
            assertThat(lab.pods().all()).isEmpty();
        });
    }

    @Test
    void relabellingAPodIsSeenByTheRuntime() {
        client.apps().deployments().resource(Workloads.alpine("target", 1)).create();
        Pod pod = awaitRunning("target", 1).get(0);

        client.pods().withName(pod.getMetadata().getName())
                .edit(p -> {
                    p.getMetadata().getLabels().put("c2intents.io/status", "infected");
                    return p;
                });

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                lab.pods().find("default", pod.getMetadata().getName()).orElseThrow().labels())
                .containsEntry("c2intents.io/status", "infected"));
    }

    @Test
    void aPodInAMissingNamespaceIsRefused() {
        Deployment deployment = Workloads.alpine("target", 1);
        deployment.getMetadata().setNamespace("nowhere");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> client.apps().deployments().inNamespace("nowhere").resource(deployment).create())
                .hasMessageContaining("namespaces \"nowhere\" not found");
    }

    private List<Pod> awaitRunning(String app, int count) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(running(app)).hasSize(count));
        return running(app);
    }

    private List<Pod> running(String app) {
        return client.pods().withLabels(Map.of("app", app)).list().getItems().stream()
                .filter(pod -> pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()))
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }
}
