package io.c2intents.mitigation.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.Target;
import io.c2intents.events.TouchedObject;
import io.c2intents.mitigation.Requests;
import io.c2intents.testsupport.KafkaTestResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code node:drain} on the lab's nodes: the infected pod's node is cordoned and emptied through the Eviction API
 * (the Deployment's pods come back on the other nodes), a pod in kube-system stays, the same request twice is one
 * drain, and revert uncordons.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(LabResource.class)
class NodeDrainLabTest {

    private static Requests requests;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void open() {
        requests = new Requests();
    }

    @AfterAll
    static void close() {
        requests.close();
    }

    @Test
    void drainCordonsTheInfectedPodsNodeEvictsItsPodsAndRevertUncordons() {
        LabWorkloads workloads = new LabWorkloads(client);
        String ns = workloads.namespace("drain");
        Pod infected = workloads.deployment(ns, "target", 3).get(0);
        String node = infected.getSpec().getNodeName();
        Pod system = client.pods().inNamespace("kube-system").resource(new PodBuilder()
                .withNewMetadata().withName("kube-proxy-" + ns).withNamespace("kube-system").endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("proxy").withImage("alpine:3.20")
                .withCommand("sleep", "3600").endContainer().endSpec().build()).create();
        Target target = Target.pod(ns, infected.getMetadata().getName());

        try {
            MitigationEvent applied = requests.apply("node:drain", target, Map.of());

            assertThat(applied.status()).as(applied.reason()).isEqualTo(MitigationStatus.APPLIED);
            assertThat(applied.technique()).isEqualTo("D3-HS");
            assertThat(applied.reason()).contains("cordoned node " + node).contains("kept kube-system/"
                    + system.getMetadata().getName());
            assertThat(applied.objects()).filteredOn(o -> o.kind().equals("Node")).singleElement()
                    .extracting(TouchedObject::change).isEqualTo("cordoned");
            assertThat(applied.objects()).filteredOn(o -> o.kind().equals("Pod")).extracting(TouchedObject::name)
                    .contains(infected.getMetadata().getName()).doesNotContain(system.getMetadata().getName());
            Node cordoned = client.nodes().withName(node).get();
            assertThat(cordoned.getSpec().getUnschedulable()).isTrue();
            assertThat(cordoned.getMetadata().getLabels()).containsEntry("c2.io/cordoned-by", "mitigation-service");
            await().atMost(LabWorkloads.TIMEOUT).untilAsserted(() -> {
                assertThat(podsOn(node)).as("only protected pods are left")
                        .allMatch(p -> p.getMetadata().getNamespace().equals("kube-system")
                                || "c2-intents".equals(p.getMetadata().getLabels().get("app.kubernetes.io/part-of")))
                        .anyMatch(p -> p.getMetadata().getName().equals(system.getMetadata().getName()));
                assertThat(workloads.runningPods(ns, "target")).hasSize(3)
                        .noneMatch(p -> node.equals(p.getSpec().getNodeName()));
            });

            MitigationEvent again = requests.apply("node:drain", target, Map.of());

            assertThat(again.status()).as(again.reason()).isEqualTo(MitigationStatus.SKIPPED);
            assertThat(again.reason()).startsWith("already applied");

            MitigationEvent reverted = requests.revert("node:drain", target);

            assertThat(reverted.status()).as(reverted.reason()).isEqualTo(MitigationStatus.REVERTED);
            Node back = client.nodes().withName(node).get();
            assertThat(back.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
            assertThat(back.getMetadata().getLabels()).doesNotContainKey("c2.io/cordoned-by");
            assertThat(back.getMetadata().getAnnotations()).doesNotContainKey("c2.io/drained-for");
            assertThat(requests.revert("node:drain", Target.pod(ns, "gone")).status())
                    .as("nothing marks a node for another pod").isEqualTo(MitigationStatus.FAILED);
        } finally {
            client.nodes().withName(node).edit(n -> {
                n.getSpec().setUnschedulable(null);
                return n;
            });
        }
    }

    @Test
    void aNodeCordonedByAnAdministratorIsNotUncordonedByARevert() {
        String node = client.nodes().list().getItems().get(0).getMetadata().getName();
        Target target = new Target(io.c2intents.events.TargetKind.NODE, null, node);
        client.nodes().withName(node).patch(io.c2intents.mitigation.cluster.MergePatch.CONTEXT,
                "{\"spec\":{\"unschedulable\":true}}");
        try {
            MitigationEvent reverted = requests.revert("node:drain", target);

            assertThat(reverted.status()).isEqualTo(MitigationStatus.SKIPPED);
            assertThat(reverted.reason()).contains("not cordoned by the mitigation service").contains("left cordoned");
            assertThat(client.nodes().withName(node).get().getSpec().getUnschedulable()).isTrue();
        } finally {
            client.nodes().withName(node).patch(io.c2intents.mitigation.cluster.JsonPatch.CONTEXT,
                    io.c2intents.mitigation.cluster.JsonPatch.create().remove("/spec/unschedulable").json());
        }
    }

    private List<Pod> podsOn(String node) {
        return client.pods().inAnyNamespace().list().getItems().stream()
                .filter(p -> node.equals(p.getSpec().getNodeName()))
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }
}
