package io.c2intents.simulator.service;

import static io.c2intents.simulator.SimulatorCommands.command;
import static io.c2intents.simulator.SimulatorCommands.outcomes;
import static io.c2intents.simulator.SimulatorCommands.uniqueId;
import static io.c2intents.simulator.SimulatorCommands.uniqueNamespace;
import static org.assertj.core.api.Assertions.assertThat;

import io.c2intents.events.SimulatorEvent;
import io.c2intents.events.SimulatorOutcome;
import io.c2intents.events.Topics;
import io.c2intents.simulator.PodFiles;
import io.c2intents.simulator.SimulatorCommands;
import io.c2intents.simulator.cluster.CiliumPolicies;
import io.c2intents.testsupport.KafkaTestResource;
import io.c2intents.testsupport.LabClusterTestResource;
import io.c2intents.testsupport.TestKafka;
import io.c2intents.testsupport.TopicReader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The experiment's whole life on the real broker against the lab cluster, seen from the cluster's side: the pods
 * that run, the crontab inside the infected pod, and what is left after reset and undeploy.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(LabClusterTestResource.class)
class ExperimentLifecycleTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String PART_OF = "app.kubernetes.io/part-of";
    private static final String CRON_LINE = "* * * * * ping 1.1.1.1 -c5 >> /var/log/cron.log 2>&1";

    private static TopicReader events;

    /** Command ids by step, to check each got exactly one outcome. */
    private final Map<String, String> ids = new HashMap<>();

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void readEvents() {
        events = TestKafka.read(Topics.SIMULATOR_EVENTS);
    }

    @AfterAll
    static void closeReader() {
        events.close();
    }

    @Test
    void deployInfectAndResetLeaveTheClusterAsTheScenarioSays() {
        String ns = uniqueNamespace("lifecycle");

        // deploy: 8 Running pods, 4 of them targets, named in the event
        SimulatorEvent deployed = run("deploy", "deploy", "namespace", ns);
        assertThat(deployed.outcome()).as(deployed.message()).isEqualTo(SimulatorOutcome.DONE);
        List<Pod> pods = experimentPods(ns);
        assertThat(pods).hasSize(8).allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running"));
        assertThat(pods).filteredOn(p -> "target".equals(p.getMetadata().getLabels().get("c2.io/role"))).hasSize(4);
        Set<String> names = names(pods);
        assertThat(new TreeSet<>(List.of(deployed.details().get("pods").split(",")))).isEqualTo(names);
        assertThat(CiliumPolicies.in(client, ns).withName("target-egress-world").get()).isNotNull();

        // deploy again: the same 8 pods
        SimulatorEvent again = run("redeploy", "deploy", "namespace", ns);
        assertThat(again.outcome()).as(again.message()).isEqualTo(SimulatorOutcome.DONE);
        assertThat(again.message()).startsWith("already deployed");
        assertThat(names(experimentPods(ns))).isEqualTo(names);

        // infect a random target: its crontab holds the entry and cron.update names it
        SimulatorEvent infected = run("infect", "infect", "namespace", ns);
        assertThat(infected.outcome()).as(infected.message()).isEqualTo(SimulatorOutcome.DONE);
        String pod = infected.details().get("pod");
        Pod chosen = client.pods().inNamespace(ns).withName(pod).get();
        assertThat(chosen.getMetadata().getLabels()).containsEntry("c2.io/role", "target");
        assertThat(infected.details()).containsEntry("node", chosen.getSpec().getNodeName())
                .containsEntry("c2Address", "1.1.1.1").containsEntry("alreadyInfected", "false").containsKey("time");
        assertThat(PodFiles.read(client, ns, pod, "/etc/crontabs/root").lines()).containsOnlyOnce(CRON_LINE);
        assertThat(PodFiles.read(client, ns, pod, "/etc/crontabs/cron.update").lines()).contains("root");

        // infect it again: nothing changes, and the event says so
        SimulatorEvent noop = run("reinfect", "infect", "namespace", ns, "pod", pod);
        assertThat(noop.outcome()).as(noop.message()).isEqualTo(SimulatorOutcome.DONE);
        assertThat(noop.message()).contains("already infected");
        assertThat(noop.details()).containsEntry("alreadyInfected", "true").containsEntry("pod", pod);
        assertThat(PodFiles.read(client, ns, pod, "/etc/crontabs/root").lines()).containsOnlyOnce(CRON_LINE);

        // what a responder leaves behind, and what is not the experiment's
        client.pods().inNamespace(ns).withName(pod).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"c2.io/status\":\"infected\"}}}");
        CiliumPolicies.in(client, ns).resource(policy(ns, "quarantine-" + pod,
                Map.of("app.kubernetes.io/managed-by", "c2-intents"))).create();
        CiliumPolicies.in(client, ns).resource(policy(ns, "someone-elses", Map.of("team", "platform"))).create();
        List<Node> nodes = client.nodes().list().getItems();
        assertThat(nodes).as("the lab's nodes").isNotEmpty();
        String cordoned = nodes.get(0).getMetadata().getName();
        client.nodes().withName(cordoned).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"c2.io/cordoned-by\":\"mitigation-service\"},"
                        + "\"annotations\":{\"c2.io/drained-for\":\"" + ns + "/" + pod + "\"}},\"spec\":{\"unschedulable\":true}}");
        String othersCordon = nodes.size() > 1 ? nodes.get(1).getMetadata().getName() : null;
        if (othersCordon != null) {
            client.nodes().withName(othersCordon).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\":{\"unschedulable\":true}}");
        }

        try {
            SimulatorEvent reset = run("reset", "reset", "namespace", ns);
            assertThat(reset.outcome()).as(reset.message()).isEqualTo(SimulatorOutcome.DONE);
            assertThat(reset.details()).containsEntry("podsDeleted", "8").containsEntry("podsRelabelled", "1")
                    .containsEntry("nodesUncordoned", cordoned);
            assertThat(reset.details().get("policiesDeleted").split(","))
                    .containsExactlyInAnyOrder("target-egress-world", "quarantine-" + pod);

            assertThat(client.apps().deployments().inNamespace(ns).withLabel(PART_OF).list().getItems()).isEmpty();
            assertThat(client.pods().inNamespace(ns).withLabel(PART_OF).list().getItems()).isEmpty();
            assertThat(client.pods().inNamespace(ns).withName(pod).get()).isNull();
            assertThat(CiliumPolicies.in(client, ns).list().getItems())
                    .extracting(p -> p.getMetadata().getName()).containsExactly("someone-elses");
            Node uncordoned = client.nodes().withName(cordoned).get();
            assertThat(uncordoned.getSpec().getUnschedulable()).isNotEqualTo(Boolean.TRUE);
            assertThat(uncordoned.getMetadata().getLabels()).doesNotContainKey("c2.io/cordoned-by");
            assertThat(uncordoned.getMetadata().getAnnotations()).doesNotContainKey("c2.io/drained-for");
            if (othersCordon != null) {
                assertThat(client.nodes().withName(othersCordon).get().getSpec().getUnschedulable()).isTrue();
            }
        } finally {
            if (othersCordon != null) {
                client.nodes().withName(othersCordon).patch(PatchContext.of(PatchType.JSON),
                        "[{\"op\":\"add\",\"path\":\"/spec/unschedulable\",\"value\":false}]");
            }
        }
        for (String step : List.of("deploy", "redeploy", "infect", "reinfect", "reset")) {
            assertThat(outcomes(events, ids.get(step))).as(step).hasSize(1);
        }
    }

    @Test
    void undeployRemovesTheWorkloadsAndTheDefaultPolicy() {
        String ns = uniqueNamespace("undeploy");
        assertThat(run("deploy", "deploy", "namespace", ns).outcome()).isEqualTo(SimulatorOutcome.DONE);

        SimulatorEvent undeployed = run("undeploy", "undeploy", "namespace", ns);

        assertThat(undeployed.outcome()).as(undeployed.message()).isEqualTo(SimulatorOutcome.DONE);
        assertThat(undeployed.details().get("deleted"))
                .contains("deployment/benign", "deployment/target", "ciliumnetworkpolicy/target-egress-world");
        assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(CiliumPolicies.in(client, ns).list().getItems()).isEmpty();
    }

    @Test
    void infectingWithoutATargetFailsAndSaysWhy() {
        String ns = uniqueNamespace("empty");
        SimulatorEvent failed = run("infect-nothing", "infect", "namespace", ns);

        assertThat(failed.outcome()).isEqualTo(SimulatorOutcome.FAILED);
        assertThat(failed.message()).contains("no Running target pod in " + ns);
    }

    /** Sends a command with a fresh id, remembered under {@code step}, and waits for its outcome. */
    private SimulatorEvent run(String step, String type, String... fields) {
        String id = uniqueId(step);
        ids.put(step, id);
        return SimulatorCommands.run(events, id, command(id, type, fields), TIMEOUT);
    }

    private List<Pod> experimentPods(String ns) {
        return client.pods().inNamespace(ns).withLabel(PART_OF, "c2-experiment").list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    private static Set<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static GenericKubernetesResource policy(String ns, String name, Map<String, String> labels) {
        return new GenericKubernetesResourceBuilder().withApiVersion("cilium.io/v2").withKind("CiliumNetworkPolicy")
                .withNewMetadata().withName(name).withNamespace(ns).withLabels(labels).endMetadata()
                .addToAdditionalProperties("spec", Map.of(
                        "endpointSelector", Map.of("matchLabels", Map.of("c2.io/role", "target")),
                        "egressDeny", List.of(Map.of("toEntities", List.of("all")))))
                .build();
    }
}
