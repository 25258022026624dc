package io.c2intents.mitigation.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.Target;
import io.c2intents.events.TargetKind;
import io.c2intents.events.TouchedObject;
import io.c2intents.mitigation.CiliumCrdSchema;
import io.c2intents.mitigation.Requests;
import io.c2intents.mitigation.cluster.CiliumPolicies;
import io.c2intents.testsupport.KafkaTestResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each action end to end: a request on the real broker, the service acting on the lab cluster through Fabric8, the
 * event it publishes, and the effect on the cluster (policy stored, label set, crontab cleaned, fresh pod, workload
 * scaled or gone), then revert and its effect, and the same request twice. Every test works in a namespace of its
 * own with its own pods.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(LabResource.class)
class ActionsLabTest {

    private static Requests requests;
    private static CiliumCrdSchema schema;

    @Inject
    KubernetesClient client;

    private LabWorkloads workloads;

    @BeforeAll
    static void open() {
        requests = new Requests();
        schema = CiliumCrdSchema.load();
    }

    @AfterAll
    static void close() {
        requests.close();
    }

    @BeforeEach
    void lab() {
        workloads = new LabWorkloads(client);
    }

    @Test
    void quarantineLabelsThePodAppliesItsPolicyAndRevertRemovesBothButNothingElse() {
        String ns = workloads.namespace("quarantine");
        Pod pod = workloads.deployment(ns, "target", 1).get(0);
        String name = pod.getMetadata().getName();
        // the reference demo's default policy, which its unisolate deleted by mistake
        GenericKubernetesResource defaultPolicy = CiliumPolicies.in(workloads.client(), ns).resource(
                defaultAllowWorld(ns)).create();
        Target target = Target.pod(ns, name);

        MitigationEvent applied = requests.apply("cilium:quarantine", target, Map.of("c2Address", "1.1.1.1"));

        assertThat(applied.status()).as(applied.reason()).isEqualTo(MitigationStatus.APPLIED);
        assertThat(applied.technique()).isEqualTo("D3-NTF");
        assertThat(applied.techniqueName()).isEqualTo("Network Traffic Filtering");
        assertThat(applied.target()).isEqualTo(target);
        assertThat(applied.reason()).contains("all ingress and egress denied");
        GenericKubernetesResource stored = CiliumPolicies.in(workloads.client(), ns)
                .withName("c2-quarantine-" + name).get();
        assertThat(stored).as("policy stored").isNotNull();
        assertThat(stored.get("spec", "endpointSelector", "matchLabels").toString())
                .isEqualTo("{c2.io/quarantine=" + name + "}");
        assertThat(stored.get("spec", "egressDeny").toString()).isEqualTo("[{toEntities=[all]}]");
        assertThat(stored.get("spec", "ingressDeny").toString()).isEqualTo("[{fromEntities=[all]}]");
        assertThat(labels(ns, name)).containsEntry("c2.io/quarantine", name);
        TouchedObject policyObject = applied.objects().stream().filter(o -> o.kind().equals("CiliumNetworkPolicy"))
                .findFirst().orElseThrow();
        assertThat(policyObject.change()).isEqualTo("created");
        schema.assertValid(policyObject.yaml());
        assertThat(applied.objects()).anySatisfy(o -> {
            assertThat(o.kind()).isEqualTo("Pod");
            assertThat(o.change()).isEqualTo("labelled");
        });
        assertThat(applied.startedAt()).isBeforeOrEqualTo(applied.at());

        MitigationEvent again = requests.apply("cilium:quarantine", target, Map.of("c2Address", "1.1.1.1"));

        assertThat(again.status()).isEqualTo(MitigationStatus.SKIPPED);
        assertThat(again.reason()).startsWith("already applied");
        assertThat(managedPolicies(ns)).hasSize(1);

        MitigationEvent reverted = requests.revert("cilium:quarantine", target);

        assertThat(reverted.status()).as(reverted.reason()).isEqualTo(MitigationStatus.REVERTED);
        assertThat(CiliumPolicies.in(workloads.client(), ns).withName("c2-quarantine-" + name).get()).isNull();
        assertThat(labels(ns, name)).doesNotContainKey("c2.io/quarantine");
        assertThat(CiliumPolicies.in(workloads.client(), ns).withName(defaultPolicy.getMetadata().getName()).get())
                .as("the default policy is left alone").isNotNull();
        assertThat(reverted.objects()).extracting(TouchedObject::change).containsExactlyInAnyOrder("unlabelled",
                "deleted");

        assertThat(requests.revert("cilium:quarantine", target).status()).isEqualTo(MitigationStatus.SKIPPED);
    }

    @Test
    void destinationQuarantineDeniesOnlyTheC2CanBeWidenedByTechniqueAndRevertedByReference() {
        String ns = workloads.namespace("dest");
        String name = workloads.deployment(ns, "target", 1).get(0).getMetadata().getName();
        Target target = Target.pod(ns, name);

        MitigationEvent applied = requests.apply("cilium:quarantine", target,
                Map.of("scope", "destination", "c2Address", "1.1.1.1"));

        assertThat(applied.status()).as(applied.reason()).isEqualTo(MitigationStatus.APPLIED);
        GenericKubernetesResource stored = CiliumPolicies.in(workloads.client(), ns)
                .withName("c2-quarantine-" + name).get();
        assertThat(stored.get("spec", "egressDeny").toString()).isEqualTo("[{toCIDR=[1.1.1.1/32]}]");
        assertThat(stored.get("spec", "enableDefaultDeny").toString()).isEqualTo("{egress=false, ingress=false}");
        assertThat((Object) stored.get("spec", "ingressDeny")).isNull();

        // named by its D3FEND technique alone
        MitigationEvent widened = requests.send(new MitigationRequest(1, Requests.newId("req"), MitigationMode.APPLY,
                null, "D3-NTF", target, Map.of("scope", "all"), null, null, null, "test", null));

        assertThat(widened.status()).as(widened.reason()).isEqualTo(MitigationStatus.APPLIED);
        assertThat(widened.action()).isEqualTo("cilium:quarantine");
        assertThat(widened.objects()).extracting(TouchedObject::change).containsExactly("updated");
        stored = CiliumPolicies.in(workloads.client(), ns).withName("c2-quarantine-" + name).get();
        assertThat(stored.get("spec", "egressDeny").toString()).isEqualTo("[{toEntities=[all]}]");
        assertThat((Object) stored.get("spec", "enableDefaultDeny")).isNull();
        assertThat(managedPolicies(ns)).hasSize(1);

        // undone by naming the first apply alone
        MitigationEvent reverted = requests.send(new MitigationRequest(1, Requests.newId("req"),
                MitigationMode.REVERT, null, null, null, Map.of(), null, applied.requestId(), null, "test", null));

        assertThat(reverted.status()).as(reverted.reason()).isEqualTo(MitigationStatus.REVERTED);
        assertThat(reverted.target()).isEqualTo(target);
        assertThat(managedPolicies(ns)).isEmpty();
        assertThat(labels(ns, name)).doesNotContainKey("c2.io/quarantine");
    }

    @Test
    void fileEvictionRemovesOnlyTheC2EntryNotifiesCrondAndHappensOnce() {
        String ns = workloads.namespace("evict");
        String name = workloads.deployment(ns, "target", 1).get(0).getMetadata().getName();
        workloads.infect(ns, name);
        String infected = workloads.file(ns, name, LabWorkloads.CRONTAB);
        assertThat(infected).contains(LabWorkloads.INFECTION);
        workloads.file(ns, name, LabWorkloads.CRON_UPDATE);
        Target target = Target.pod(ns, name);

        MitigationEvent applied = requests.apply("pod:evict-file", target, Map.of("c2Address", "1.1.1.1"));

        assertThat(applied.status()).as(applied.reason()).isEqualTo(MitigationStatus.APPLIED);
        assertThat(applied.technique()).isEqualTo("D3-FEV");
        String cleaned = workloads.file(ns, name, LabWorkloads.CRONTAB);
        assertThat(cleaned).doesNotContain("1.1.1.1")
                .isEqualTo(infected.replace(LabWorkloads.INFECTION + "\n", ""))
                .contains("run-parts /etc/periodic/15min");
        assertThat(workloads.file(ns, name, LabWorkloads.CRON_UPDATE)).endsWith("root\n");
        assertThat(applied.objects()).singleElement().satisfies(o -> {
            assertThat(o.change()).isEqualTo("exec");
            assertThat(o.yaml()).contains(LabWorkloads.INFECTION).contains("sed");
        });

        MitigationEvent again = requests.apply("pod:evict-file", target, Map.of("c2Address", "1.1.1.1"));

        assertThat(again.status()).isEqualTo(MitigationStatus.SKIPPED);
        assertThat(again.reason()).startsWith("already applied").contains("no entry");
        assertThat(workloads.file(ns, name, LabWorkloads.CRONTAB)).isEqualTo(cleaned);
    }

    @Test
    void fileEvictionOfTheWholeFileTakesTheC2FromTheAlertlessParameter() {
        String ns = workloads.namespace("evictall");
        String name = workloads.deployment(ns, "target", 1).get(0).getMetadata().getName();
        workloads.infect(ns, name);

        MitigationEvent applied = requests.apply("pod:evict-file", Target.pod(ns, name), Map.of("scope", "file"));

        assertThat(applied.status()).as(applied.reason()).isEqualTo(MitigationStatus.APPLIED);
        assertThat(workloads.file(ns, name, LabWorkloads.CRONTAB)).isNull();
        assertThat(requests.apply("pod:evict-file", Target.pod(ns, name), Map.of("scope", "file")).status())
                .isEqualTo(MitigationStatus.SKIPPED);
    }

    @Test
    void terminateDeletesThePodAndItsDeploymentStartsAFreshOne() {
        String ns = workloads.namespace("terminate");
        Pod pod = workloads.deployment(ns, "target", 1).get(0);
        String name = pod.getMetadata().getName();
        workloads.infect(ns, name);

        MitigationEvent applied = requests.apply("pod:terminate", Target.pod(ns, name),
                Map.of("gracePeriodSeconds", "0"));

        assertThat(applied.status()).as(applied.reason()).isEqualTo(MitigationStatus.APPLIED);
        assertThat(applied.technique()).isEqualTo("D3-PT");
        await().atMost(LabWorkloads.TIMEOUT).until(() -> {
            List<Pod> running = workloads.runningPods(ns, "target");
            return running.size() == 1 && !running.get(0).getMetadata().getName().equals(name);
        });
        String fresh = workloads.runningPods(ns, "target").get(0).getMetadata().getName();
        assertThat(workloads.client().pods().inNamespace(ns).withName(name).get()).isNull();
        assertThat(workloads.file(ns, fresh, LabWorkloads.CRONTAB)).doesNotContain("1.1.1.1");

        MitigationEvent again = requests.apply("pod:terminate", Target.pod(ns, name), Map.of());

        assertThat(again.status()).isEqualTo(MitigationStatus.SKIPPED);
        assertThat(again.reason()).startsWith("already applied");
    }

    @Test
    void terminateDeletesAStandalonePodForGood() {
        String ns = workloads.namespace("standalone");
        workloads.standalonePod(ns, "loner", Map.of("app", "loner"));

        MitigationEvent applied = requests.apply("pod:terminate", Target.pod(ns, "loner"), Map.of());

        assertThat(applied.status()).as(applied.reason()).isEqualTo(MitigationStatus.APPLIED);
        assertThat(applied.reason()).contains("standalone");
        await().atMost(LabWorkloads.TIMEOUT)
                .until(() -> workloads.client().pods().inNamespace(ns).withName("loner").get() == null);
    }

    @Test
    void workloadScaledToZeroThroughThePodsReplicaSetAndRevertScalesBack() {
        String ns = workloads.namespace("scale");
        String name = workloads.deployment(ns, "target", 2).get(0).getMetadata().getName();
        Target target = Target.pod(ns, name);

        MitigationEvent applied = requests.apply("workload:delete", target, Map.of("mode", "scale-to-zero"));

        assertThat(applied.status()).as(applied.reason()).isEqualTo(MitigationStatus.APPLIED);
        assertThat(applied.technique()).isEqualTo("D3-EDL");
        assertThat(applied.objects()).singleElement().satisfies(o -> {
            assertThat(o.kind()).isEqualTo("Deployment");
            assertThat(o.name()).isEqualTo("target");
        });
        Deployment scaled = workloads.client().apps().deployments().inNamespace(ns).withName("target").get();
        assertThat(scaled.getSpec().getReplicas()).isZero();
        assertThat(scaled.getMetadata().getAnnotations()).containsEntry("c2.io/replicas-before", "2");
        await().atMost(LabWorkloads.TIMEOUT).until(() -> workloads.client().pods().inNamespace(ns)
                .withLabel("app", "target").list().getItems().isEmpty());

        assertThat(requests.apply("workload:delete", target, Map.of("mode", "scale-to-zero")).status())
                .isEqualTo(MitigationStatus.SKIPPED);

        // the pod is gone: revert finds the Deployment by the mark it left
        MitigationEvent reverted = requests.revert("workload:delete", target);

        assertThat(reverted.status()).as(reverted.reason()).isEqualTo(MitigationStatus.REVERTED);
        Deployment back = workloads.client().apps().deployments().inNamespace(ns).withName("target").get();
        assertThat(back.getSpec().getReplicas()).isEqualTo(2);
        assertThat(back.getMetadata().getAnnotations()).doesNotContainKey("c2.io/replicas-before");
        workloads.awaitRunning(ns, "target", 2);
    }

    @Test
    void workloadDeleteRemovesTheOwningDeployment() {
        String ns = workloads.namespace("delete");
        String name = workloads.deployment(ns, "target", 2).get(0).getMetadata().getName();

        MitigationEvent applied = requests.apply("workload:delete", Target.pod(ns, name), Map.of());

        assertThat(applied.status()).as(applied.reason()).isEqualTo(MitigationStatus.APPLIED);
        assertThat(workloads.client().apps().deployments().inNamespace(ns).withName("target").get()).isNull();
        await().atMost(LabWorkloads.TIMEOUT).until(() -> workloads.client().pods().inNamespace(ns)
                .withLabel("app", "target").list().getItems().isEmpty());
        MitigationEvent again = requests.apply("workload:delete",
                new Target(TargetKind.WORKLOAD, ns, "Deployment/target"), Map.of());
        assertThat(again.status()).isEqualTo(MitigationStatus.SKIPPED);
    }

    @Test
    void aStandalonePodHasNoWorkloadToDelete() {
        String ns = workloads.namespace("noowner");
        workloads.standalonePod(ns, "loner", Map.of("app", "loner"));

        MitigationEvent event = requests.apply("workload:delete", Target.pod(ns, "loner"), Map.of());

        assertThat(event.status()).isEqualTo(MitigationStatus.FAILED);
        assertThat(event.reason()).contains("precondition").contains("standalone pod").contains("pod:terminate");
    }

    @Test
    void aMissingPodFailsThePreconditionAndTheConsumerGoesOn() {
        String ns = workloads.namespace("missing");

        MitigationEvent event = requests.apply("cilium:quarantine", Target.pod(ns, "ghost"), Map.of());

        assertThat(event.status()).isEqualTo(MitigationStatus.FAILED);
        assertThat(event.reason()).contains("precondition not met").contains("ghost").contains("not found");
        assertThat(managedPolicies(ns)).isEmpty();
    }

    private Map<String, String> labels(String ns, String pod) {
        return workloads.client().pods().inNamespace(ns).withName(pod).get().getMetadata().getLabels();
    }

    private List<GenericKubernetesResource> managedPolicies(String ns) {
        return CiliumPolicies.in(workloads.client(), ns).withLabel("app.kubernetes.io/managed-by", "c2-intents")
                .list().getItems();
    }

    private static GenericKubernetesResource defaultAllowWorld(String ns) {
        GenericKubernetesResource policy = new GenericKubernetesResource();
        policy.setApiVersion("cilium.io/v2");
        policy.setKind("CiliumNetworkPolicy");
        policy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("default-allow-world")
                .withNamespace(ns).build());
        policy.setAdditionalProperty("spec", Map.of(
                "endpointSelector", Map.of("matchLabels", Map.of("app", "target")),
                "egress", List.of(Map.of("toEntities", List.of("world")))));
        return policy;
    }
}
