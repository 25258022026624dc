package io.c2intents.simulator.service;

import static io.c2intents.simulator.cluster.ExperimentLabels.EXPERIMENT;
import static io.c2intents.simulator.cluster.ExperimentLabels.PART_OF;
import static io.c2intents.simulator.cluster.ExperimentLabels.ROLE;

import io.c2intents.simulator.cluster.CiliumPolicies;
import io.c2intents.simulator.config.SimulatorConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Deploys and undeploys the experiment: namespace, benign and target Deployments, default policy. Blocking: call
 * it from a worker thread.
 *
 * <p>Deploying is idempotent without server-side apply (which not every API server speaks): an object that
 * exists is left alone when it already says what the manifest says, and JSON-merge-patched when it drifted, so a
 * second deploy keeps the same pods.
 */
@ApplicationScoped
public class ExperimentDeployer {

    private final KubernetesClient client;
    private final ExperimentManifests manifests;
    private final SimulatorConfig config;

    public ExperimentDeployer(KubernetesClient client, ExperimentManifests manifests, SimulatorConfig config) {
        this.client = client;
        this.manifests = manifests;
        this.config = config;
    }

    public Outcome deploy(String namespace) {
        List<String> changes = new ArrayList<>();
        if (ensureNamespace(namespace)) {
            changes.add("namespace " + namespace + " created");
        }
        int expected = 0;
        for (Deployment deployment : manifests.deployments(namespace)) {
            applyDeployment(deployment).ifPresent(changes::add);
            expected += deployment.getSpec().getReplicas();
        }
        GenericKubernetesResource policy = manifests.defaultPolicy(namespace);
        applyPolicy(policy).ifPresent(changes::add);

        List<Pod> running = awaitRunning(namespace, expected);
        Map<String, Integer> byRole = new TreeMap<>();
        running.forEach(p -> byRole.merge(String.valueOf(p.getMetadata().getLabels().get(ROLE)), 1, Integer::sum));
        List<String> names = running.stream().map(p -> p.getMetadata().getName()).sorted().toList();

        Map<String, String> details = new LinkedHashMap<>();
        details.put("namespace", namespace);
        details.put("pods", String.join(",", names));
        details.put("podCount", String.valueOf(names.size()));
        byRole.forEach((role, count) -> details.put(role + "Pods", String.valueOf(count)));
        details.put("deployments", String.join(",", manifests.deployments(namespace).stream().map(this::name).toList()));
        details.put("policy", name(policy));
        details.put("changes", changes.isEmpty() ? "none" : String.join("; ", changes));
        String message = (changes.isEmpty() ? "already deployed in " : "deployed in ") + namespace + ": "
                + names.size() + " pods running " + byRole;
        return new Outcome(message, details);
    }

    public Outcome undeploy(String namespace) {
        List<String> deleted = new ArrayList<>();
        for (Deployment deployment : manifests.deployments(namespace)) {
            Deployment existing = client.apps().deployments().inNamespace(namespace).withName(name(deployment)).get();
            if (isOwn(existing)) {
                client.apps().deployments().inNamespace(namespace).withName(name(deployment)).delete();
                deleted.add("deployment/" + name(deployment));
            }
        }
        GenericKubernetesResource policy = manifests.defaultPolicy(namespace);
        if (isOwn(CiliumPolicies.in(client, namespace).withName(name(policy)).get())) {
            CiliumPolicies.in(client, namespace).withName(name(policy)).delete();
            deleted.add("ciliumnetworkpolicy/" + name(policy));
        }
        Log.infof("undeploy %s: deleted %s", namespace, deleted);
        String message = deleted.isEmpty() ? "nothing to undeploy in " + namespace
                : "undeployed from " + namespace + ": " + String.join(", ", deleted);
        return new Outcome(message, Map.of("namespace", namespace, "deleted", String.join(",", deleted)));
    }

    /** True when this call created it. */
    private boolean ensureNamespace(String namespace) {
        if (client.namespaces().withName(namespace).get() != null) {
            return false;
        }
        try {
            client.namespaces().resource(manifests.namespace(namespace)).create();
            Log.infof("created namespace %s", namespace);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    private Optional<String> applyDeployment(Deployment desired) {
        String namespace = desired.getMetadata().getNamespace();
        var resource = client.apps().deployments().inNamespace(namespace).withName(name(desired));
        Deployment existing = resource.get();
        if (existing == null) {
            client.apps().deployments().inNamespace(namespace).resource(desired).create();
            Log.infof("created deployment %s/%s (%d replicas)", namespace, name(desired),
                    desired.getSpec().getReplicas());
            return Optional.of("deployment/" + name(desired) + " created");
        }
        if (!isOwn(existing)) {
            throw new CommandFailed("deployment " + namespace + "/" + name(desired)
                    + " exists but is not the experiment's (no " + PART_OF + "=" + EXPERIMENT + " label); not touching it");
        }
        if (sameWorkload(existing, desired)) {
            return Optional.empty();
        }
        resource.patch(PatchContext.of(PatchType.JSON_MERGE), client.getKubernetesSerialization().asJson(
                Map.of("metadata", Map.of("labels", desired.getMetadata().getLabels()), "spec", desired.getSpec())));
        Log.infof("patched deployment %s/%s back to its manifest", namespace, name(desired));
        return Optional.of("deployment/" + name(desired) + " patched");
    }

    private Optional<String> applyPolicy(GenericKubernetesResource desired) {
        String namespace = desired.getMetadata().getNamespace();
        GenericKubernetesResource existing = CiliumPolicies.in(client, namespace).withName(name(desired)).get();
        if (existing == null) {
            CiliumPolicies.in(client, namespace).resource(desired).create();
            Log.infof("created ciliumnetworkpolicy %s/%s", namespace, name(desired));
            return Optional.of("ciliumnetworkpolicy/" + name(desired) + " created");
        }
        if (!isOwn(existing)) {
            throw new CommandFailed("ciliumnetworkpolicy " + namespace + "/" + name(desired)
                    + " exists but is not the experiment's; not touching it");
        }
        if (Objects.equals(existing.getAdditionalProperties().get("spec"), desired.getAdditionalProperties().get("spec"))) {
            return Optional.empty();
        }
        CiliumPolicies.in(client, namespace).withName(name(desired)).patch(PatchContext.of(PatchType.JSON_MERGE),
                client.getKubernetesSerialization().asJson(Map.of("spec", desired.getAdditionalProperties().get("spec"))));
        return Optional.of("ciliumnetworkpolicy/" + name(desired) + " patched");
    }

    /** What the experiment relies on; a server's defaults (pull policy, DNS policy...) are not drift. */
    private static boolean sameWorkload(Deployment existing, Deployment desired) {
        if (!Objects.equals(existing.getSpec().getReplicas(), desired.getSpec().getReplicas())
                || !Objects.equals(existing.getSpec().getTemplate().getMetadata().getLabels(),
                        desired.getSpec().getTemplate().getMetadata().getLabels())) {
            return false;
        }
        List<Container> have = existing.getSpec().getTemplate().getSpec().getContainers();
        List<Container> want = desired.getSpec().getTemplate().getSpec().getContainers();
        if (have.size() != want.size()) {
            return false;
        }
        for (int i = 0; i < want.size(); i++) {
            Container h = have.get(i);
            Container w = want.get(i);
            if (!Objects.equals(h.getName(), w.getName()) || !Objects.equals(h.getImage(), w.getImage())
                    || !Objects.equals(h.getCommand(), w.getCommand())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits, through a watch and bounded by {@code simulator.rollout-timeout}, until exactly {@code expected}
     * experiment pods run and none other is on its way, logging progress as it changes.
     */
    private List<Pod> awaitRunning(String namespace, int expected) {
        AtomicReference<String> last = new AtomicReference<>("");
        Predicate<List<Pod>> ready = pods -> {
            List<Pod> live = pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
            long running = live.stream().filter(ExperimentDeployer::isRunning).count();
            String progress = running + "/" + expected + " pods running, " + live.size() + " live";
            if (!progress.equals(last.getAndSet(progress))) {
                Log.infof("deploy %s: %s", namespace, progress);
            }
            return running == expected && live.size() == expected;
        };
        CompletableFuture<List<Pod>> done = client.pods().inNamespace(namespace).withLabel(PART_OF, EXPERIMENT)
                .informOnCondition(ready);
        try {
            return done.get(config.rolloutTimeout().toMillis(), TimeUnit.MILLISECONDS).stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
        } catch (TimeoutException e) {
            throw new CommandFailed("deploy " + namespace + ": pods not running after " + config.rolloutTimeout()
                    + " (" + last.get() + ")");
        } catch (ExecutionException e) {
            throw new CommandFailed("deploy " + namespace + ": cannot watch pods: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailed("deploy " + namespace + ": interrupted while waiting for pods");
        } finally {
            done.cancel(true);
        }
    }

    static boolean isRunning(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
    }

    static boolean isOwn(HasMetadata object) {
        return object != null && object.getMetadata().getLabels() != null
                && EXPERIMENT.equals(object.getMetadata().getLabels().get(PART_OF));
    }

    private String name(HasMetadata object) {
        return object.getMetadata().getName();
    }
}
