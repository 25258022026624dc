package io.c2intents.simulator.service;

import static io.c2intents.simulator.cluster.ExperimentLabels.EXPERIMENT;
import static io.c2intents.simulator.cluster.ExperimentLabels.PART_OF;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.c2intents.simulator.cluster.CiliumPolicies;
import io.c2intents.simulator.config.SimulatorConfig;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Puts the cluster back as it was before the experiment: the experiment's own objects go (selected by
 * {@code app.kubernetes.io/part-of=c2-experiment}), so do the responder's policies in the experiment's namespace
 * and its labels on the experiment's pods, and nodes marked as cordoned by the experiment or the responder are
 * uncordoned. Nothing without those labels is touched. Blocking.
 *
 * <p>The namespace itself stays: deleting one takes a while on a real cluster, and a deploy right after would
 * race with its termination.
 */
@ApplicationScoped
public class ExperimentResetter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final SimulatorConfig config;

    public ExperimentResetter(KubernetesClient client, SimulatorConfig config) {
        this.client = client;
        this.config = config;
    }

    public Outcome reset(String namespace) {
        List<Pod> pods = client.pods().inNamespace(namespace).withLabel(PART_OF, EXPERIMENT).list().getItems();
        int relabelled = removeResponderLabels(namespace, pods);

        Set<String> policies = new LinkedHashSet<>();
        List<String> selectors = new ArrayList<>(List.of(PART_OF + "=" + EXPERIMENT));
        selectors.addAll(config.reset().responderPolicySelectors());
        for (String selector : selectors) {
            for (GenericKubernetesResource policy : withSelector(namespace, selector)) {
                CiliumPolicies.in(client, namespace).withName(policy.getMetadata().getName()).delete();
                policies.add(policy.getMetadata().getName());
            }
        }

        // workloads before pods, or their controller would start new ones
        List<String> deployments = names(client.apps().deployments().inNamespace(namespace)
                .withLabel(PART_OF, EXPERIMENT).list().getItems());
        client.apps().deployments().inNamespace(namespace).withLabel(PART_OF, EXPERIMENT).delete();
        client.apps().replicaSets().inNamespace(namespace).withLabel(PART_OF, EXPERIMENT).delete();
        client.pods().inNamespace(namespace).withLabel(PART_OF, EXPERIMENT).delete();
        awaitPodsGone(namespace);

        List<String> nodes = uncordon();

        Map<String, String> details = new LinkedHashMap<>();
        details.put("namespace", namespace);
        details.put("deploymentsDeleted", String.join(",", deployments));
        details.put("podsDeleted", String.valueOf(pods.size()));
        details.put("podsRelabelled", String.valueOf(relabelled));
        details.put("policiesDeleted", String.join(",", policies));
        details.put("nodesUncordoned", String.join(",", nodes));
        String message = "reset " + namespace + ": deleted " + deployments.size() + " deployments, " + pods.size()
                + " pods, " + policies.size() + " policies; uncordoned " + nodes.size() + " nodes";
        Log.info(message);
        return new Outcome(message, details);
    }

    private List<GenericKubernetesResource> withSelector(String namespace, String selector) {
        int eq = selector.indexOf('=');
        var policies = CiliumPolicies.in(client, namespace);
        return (eq < 0 ? policies.withLabel(selector.strip())
                : policies.withLabel(selector.substring(0, eq).strip(), selector.substring(eq + 1).strip()))
                .list().getItems();
    }

    private int removeResponderLabels(String namespace, List<Pod> pods) {
        int relabelled = 0;
        for (Pod pod : pods) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            List<Map<String, Object>> patch = new ArrayList<>();
            config.reset().responderPodLabels().stream().filter(labels::containsKey)
                    .forEach(key -> patch.add(remove("/metadata/labels/" + escape(key))));
            if (!patch.isEmpty()) {
                jsonPatch(client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()), patch);
                relabelled++;
            }
        }
        return relabelled;
    }

    private List<String> uncordon() {
        String key = config.reset().cordonedByKey();
        List<String> uncordoned = new ArrayList<>();
        for (Node node : client.nodes().list().getItems()) {
            Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
            Map<String, String> annotations = node.getMetadata().getAnnotations() == null ? Map.of()
                    : node.getMetadata().getAnnotations();
            if (!labels.containsKey(key) && !annotations.containsKey(key)) {
                continue;
            }
            List<Map<String, Object>> patch = new ArrayList<>();
            patch.add(Map.of("op", "add", "path", "/spec/unschedulable", "value", false));
            if (labels.containsKey(key)) {
                patch.add(remove("/metadata/labels/" + escape(key)));
            }
            Set<String> marks = new LinkedHashSet<>(config.reset().responderNodeAnnotations());
            marks.add(key);
            marks.stream().filter(annotations::containsKey)
                    .forEach(mark -> patch.add(remove("/metadata/annotations/" + escape(mark))));
            jsonPatch(client.nodes().withName(node.getMetadata().getName()), patch);
            uncordoned.add(node.getMetadata().getName());
            Log.infof("uncordoned node %s (cordoned by %s)", node.getMetadata().getName(),
                    labels.getOrDefault(key, annotations.get(key)));
        }
        return uncordoned;
    }

    private void awaitPodsGone(String namespace) {
        CompletableFuture<List<Pod>> gone = client.pods().inNamespace(namespace).withLabel(PART_OF, EXPERIMENT)
                .informOnCondition(List::isEmpty);
        try {
            gone.get(config.rolloutTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new CommandFailed("reset " + namespace + ": experiment pods still there after "
                    + config.rolloutTimeout());
        } catch (ExecutionException e) {
            throw new CommandFailed("reset " + namespace + ": cannot watch pods: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailed("reset " + namespace + ": interrupted while waiting for pods to go");
        } finally {
            gone.cancel(true);
        }
    }

    /**
     * JSON Patch (RFC 6902) rather than a merge patch: removing a key is an explicit operation, so no server can
     * mistake it for a key set to null.
     */
    private static void jsonPatch(Resource<? extends HasMetadata> resource, List<Map<String, Object>> operations) {
        try {
            resource.patch(PatchContext.of(PatchType.JSON), JSON.writeValueAsString(operations));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON patch " + operations, e);
        }
    }

    private static Map<String, Object> remove(String path) {
        return Map.of("op", "remove", "path", path);
    }

    /** A label key as one JSON Pointer segment: {@code c2.io/status} becomes {@code c2.io~1status}. */
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> names(List<? extends HasMetadata> objects) {
        return objects.stream().map(o -> o.getMetadata().getName()).sorted().toList();
    }
}
