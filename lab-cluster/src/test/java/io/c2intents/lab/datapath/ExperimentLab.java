package io.c2intents.lab.datapath;

import static org.awaitility.Awaitility.await;

import io.c2intents.hubble.flow.Flow;
import io.c2intents.lab.LabCluster;
import io.c2intents.lab.LabConfig;
import io.c2intents.lab.clock.LabClock;
import io.c2intents.lab.clock.SteppedLabClock;
import io.c2intents.lab.pod.PodRuntime;
import io.c2intents.lab.relay.FlowRingReader;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A lab on a stepped clock running the C2 experiment's workloads exactly as the attack simulator deploys them (alpine,
 * {@code sh -c "crond; while true; do ping -c 1 8.8.8.8; sleep 5; done"}), for datapath, cron and relay tests. Time
 * moves only through {@link #advance(Duration)}, so every test sees the same minutes and packets on any machine.
 */
final class ExperimentLab implements AutoCloseable {

    static final String NAMESPACE = "c2-lab";
    static final String CONTAINER_COMMAND = "crond; while true; do ping -c 1 8.8.8.8; sleep 5; done";
    static final String INFECTION = "* * * * * ping 1.1.1.1 -c5 >> /var/log/cron.log 2>&1";
    static final ResourceDefinitionContext CNP = new ResourceDefinitionContext.Builder().withGroup("cilium.io")
            .withVersion("v2").withPlural("ciliumnetworkpolicies").withKind("CiliumNetworkPolicy").withNamespaced(true)
            .build();
    static final ResourceDefinitionContext CCNP = new ResourceDefinitionContext.Builder().withGroup("cilium.io")
            .withVersion("v2").withPlural("ciliumclusterwidenetworkpolicies").withKind("CiliumClusterwideNetworkPolicy")
            .withNamespaced(false).build();

    final SteppedLabClock clock;
    final LabCluster lab;

    /** A lab at 00:00:30 (mid-minute, so cron's first minute is a real boundary). */
    ExperimentLab() {
        this(Instant.parse("2026-01-05T10:00:30Z"));
    }

    ExperimentLab(Instant start) {
        this.clock = LabClock.stepped(start);
        LabConfig config = LabConfig.forTests().withClock(clock);
        Path crds = crdDir();
        if (crds != null) {
            config = config.withCiliumCrdDir(crds);
        }
        this.lab = LabCluster.start(config);
        lab.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
                .endMetadata().build()).create();
    }

    private static Path crdDir() {
        String dir = System.getProperty("shared.data.dir");
        if (dir == null) {
            return null;
        }
        Path crds = Path.of(dir, "cilium-crds");
        return Files.isDirectory(crds) ? crds : null;
    }

    static Deployment workload(String role, int replicas) {
        Map<String, String> labels = Map.of("app.kubernetes.io/name", role, "app.kubernetes.io/part-of",
                "c2-experiment", "c2.io/role", role);
        return new DeploymentBuilder()
                .withNewMetadata().withName(role).withNamespace(NAMESPACE).addToLabels(labels).endMetadata()
                .withNewSpec()
                    .withReplicas(replicas)
                    .withNewSelector().addToMatchLabels("app.kubernetes.io/name", role)
                        .addToMatchLabels("app.kubernetes.io/part-of", "c2-experiment").endSelector()
                    .withNewTemplate()
                        .withNewMetadata().addToLabels(labels).endMetadata()
                        .withNewSpec()
                            .withTerminationGracePeriodSeconds(2L)
                            .addNewContainer()
                                .withName("workload").withImage("alpine:3.20")
                                .withCommand("sh", "-c", CONTAINER_COMMAND)
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /** Deploys a workload and waits until its pods run their programs. */
    List<PodRuntime> deploy(String role, int replicas) {
        lab.client().apps().deployments().inNamespace(NAMESPACE).resource(workload(role, replicas)).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> pods(role).size() == replicas
                && pods(role).stream().allMatch(pod -> lab.datapath().programs(NAMESPACE, pod.name()).isPresent()));
        return pods(role);
    }

    List<PodRuntime> pods(String role) {
        return lab.pods().all().stream().filter(pod -> pod.namespace().equals(NAMESPACE))
                .filter(pod -> role.equals(pod.labels().get("c2.io/role"))).toList();
    }

    /** Stores a policy (YAML) and waits until the datapath judges with it. */
    GenericKubernetesResource apply(String yaml) {
        GenericKubernetesResource policy = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
        boolean clusterwide = "CiliumClusterwideNetworkPolicy".equals(policy.getKind());
        GenericKubernetesResource stored = clusterwide
                ? lab.client().genericKubernetesResources(CCNP).resource(policy).create()
                : lab.client().genericKubernetesResources(CNP).inNamespace(NAMESPACE).resource(policy).create();
        String key = (clusterwide ? "" : NAMESPACE) + "/" + policy.getMetadata().getName();
        await().atMost(Duration.ofSeconds(10)).until(() -> lab.datapath().policies().policyNames().contains(key));
        return stored;
    }

    void deletePolicy(String name) {
        lab.client().genericKubernetesResources(CNP).inNamespace(NAMESPACE).withName(name).delete();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !lab.datapath().policies().policyNames().contains(NAMESPACE + "/" + name));
    }

    /** Adds a label to a pod (JSON merge patch, as the mitigation service does) and waits for its new identity. */
    void label(PodRuntime pod, String key, String value) {
        int before = lab.datapath().identityOf(NAMESPACE, pod.name()).orElseThrow();
        lab.client().pods().inNamespace(NAMESPACE).withName(pod.name())
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"metadata\":{\"labels\":{\"" + key + "\":\"" + value + "\"}}}");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lab.datapath().identityOf(NAMESPACE, pod.name()).orElse(before) != before);
    }

    /** Runs a command in a pod through Fabric8's exec, as the attacker and the responder do. */
    String exec(PodRuntime pod, String... command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = lab.client().pods().inNamespace(NAMESPACE).withName(pod.name()).writingOutput(out)
                .writingError(err).exec(command)) {
            int code = watch.exitCode().get(10, TimeUnit.SECONDS);
            if (code != 0) {
                throw new AssertionError("exec " + String.join(" ", command) + " exited " + code + ": "
                        + err.toString(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The attack simulator's infection: append the C2 line and name root in cron.update. */
    void infect(PodRuntime pod) throws Exception {
        exec(pod, "sh", "-c", "echo '" + INFECTION + "' >> /etc/crontabs/root && echo root >> /etc/crontabs/cron.update");
    }

    void advance(Duration step) {
        clock.advance(step);
    }

    /** Advances to {@code seconds} past the next minute boundary. */
    void advanceToNextMinute(int seconds) {
        Instant now = clock.now();
        Instant minute = Instant.ofEpochSecond(now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), 60) + 60);
        clock.advanceTo(minute.plusSeconds(seconds));
    }

    /** Every flow in the ring, oldest first. */
    List<Flow> flows() {
        return FlowRingReader.all(lab.flows());
    }

    @Override
    public void close() {
        lab.close();
        clock.close();
    }
}
