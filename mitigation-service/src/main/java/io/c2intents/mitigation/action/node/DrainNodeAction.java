package io.c2intents.mitigation.action.node;

import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.MitigationRules;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.Target;
import io.c2intents.events.TargetKind;
import io.c2intents.events.TouchedObject;
import io.c2intents.mitigation.action.ActionDescriptor;
import io.c2intents.mitigation.action.ActionInput;
import io.c2intents.mitigation.action.ActionResult;
import io.c2intents.mitigation.action.Cost;
import io.c2intents.mitigation.action.D3fendTechnique;
import io.c2intents.mitigation.action.Guardrails;
import io.c2intents.mitigation.action.Marks;
import io.c2intents.mitigation.action.MitigationAction;
import io.c2intents.mitigation.action.Plan;
import io.c2intents.mitigation.action.PreconditionFailed;
import io.c2intents.mitigation.action.RbacRule;
import io.c2intents.mitigation.cluster.JsonPatch;
import io.c2intents.mitigation.cluster.MergePatch;
import io.c2intents.mitigation.cluster.Yaml;
import io.c2intents.mitigation.config.MitigationConfig;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code node:drain} (D3-HS, Host Shutdown): cordons the node the pod runs on and evicts its pods through the
 * Eviction API, so PodDisruptionBudgets are honoured; revert uncordons. Like {@code kubectl drain} it leaves
 * DaemonSet and mirror pods, and it leaves pods a guardrail protects. The cordon is a JSON merge patch of
 * {@code spec.unschedulable}, marked with a label so revert never uncordons a node someone else cordoned.
 */
@ApplicationScoped
public class DrainNodeAction implements MitigationAction {

    public static final String ADDRESS = "node:drain";
    public static final String MODE = "mode";
    static final String DRAIN = "drain";
    static final String CORDON = "cordon";
    static final String CORDONED_BY_VALUE = "mitigation-service";
    private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    private static final ActionDescriptor DESCRIPTOR = new ActionDescriptor(
            ADDRESS,
            D3fendTechnique.HOST_SHUTDOWN,
            "Cordons the node the pod runs on (spec.unschedulable through a JSON merge patch) and evicts its pods"
                    + " through the Eviction API, leaving DaemonSet, mirror and protected pods.",
            MitigationRules.require(ADDRESS).targets(),
            MitigationRules.require(ADDRESS).parameters(),
            List.of("a pod target exists and is scheduled on a node", "the node exists"),
            List.of(RbacRule.of("", "pods", "get", "list"),
                    RbacRule.of("", "nodes", "get", "list", "patch"),
                    RbacRule.of("", "pods/eviction", "create")),
            "uncordons the node if the mitigation service cordoned it and removes its marks; evicted pods are not"
                    + " moved back",
            List.of("T1095", "T1053.003", "T1611"),
            new Cost(Cost.AvailabilityImpact.HIGH, Cost.Reversibility.PARTIAL),
            new MitigationRequest(MitigationRequest.SCHEMA_VERSION, "req-drain-example", MitigationMode.APPLY,
                    ADDRESS, null, Target.pod("c2-lab", "target-7c9d8f6b5-x2k4q"), Map.of(MODE, DRAIN),
                    "inc-example", null, null, "admin-page", Instant.parse("2026-03-14T09:25:00Z")));

    private final KubernetesClient client;
    private final Marks marks;
    private final Guardrails guardrails;
    private final MitigationConfig config;

    public DrainNodeAction(KubernetesClient client, Marks marks, Guardrails guardrails, MitigationConfig config) {
        this.client = client;
        this.marks = marks;
        this.guardrails = guardrails;
        this.config = config;
    }

    @Override
    public ActionDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Plan plan(ActionInput input) {
        Optional<String> node = input.target().kind() == TargetKind.NODE ? Optional.of(input.target().name())
                : input.alertPod().map(p -> p.node()).filter(Objects::nonNull);
        String shownName = node.orElse("(node of pod " + input.target().name() + ")");
        List<TouchedObject> objects = new ArrayList<>();
        objects.add(new TouchedObject("Node", null, shownName, "cordoned", Yaml.of(cordonPatch(input))));
        String summary = "would cordon node " + shownName;
        if (drain(input)) {
            summary += " and evict its pods (but DaemonSet, mirror and protected pods)";
            if (input.target().kind() == TargetKind.POD) {
                objects.add(new TouchedObject("Pod", input.target().namespace(), input.target().name(), "evicted",
                        Yaml.of(eviction(input.target().namespace(), input.target().name()))));
            }
        }
        return new Plan(objects, summary + (node.isPresent() ? "" : "; the node is read from the pod at apply time"));
    }

    @Override
    public ActionResult apply(ActionInput input) {
        String nodeName = nodeOf(input);
        Node node = client.nodes().withName(nodeName).get();
        if (node == null) {
            throw new PreconditionFailed("node " + nodeName + " not found");
        }
        List<TouchedObject> objects = new ArrayList<>();
        boolean unschedulable = Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        boolean ours = cordonedByUs(node);
        if (!unschedulable) {
            Map<String, Object> patch = cordonPatch(input);
            client.nodes().withName(nodeName).patch(MergePatch.CONTEXT, MergePatch.json(patch));
            objects.add(new TouchedObject("Node", null, nodeName, "cordoned", Yaml.of(patch)));
        }
        String cordon = !unschedulable ? "cordoned node " + nodeName
                : "node " + nodeName + " was already cordoned" + (ours ? "" : " (not by the mitigation service)");
        if (!drain(input)) {
            return objects.isEmpty() ? ActionResult.skipped("already applied: " + cordon)
                    : ActionResult.applied(cordon, objects);
        }

        List<Pod> evictable = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
            if (!nodeName.equals(pod.getSpec() == null ? null : pod.getSpec().getNodeName())) {
                continue;
            }
            Optional<String> keep = whyKeep(pod);
            if (keep.isPresent()) {
                if (!keep.get().isEmpty()) {
                    kept.add(key(pod) + " (" + keep.get() + ")");
                }
            } else {
                evictable.add(pod);
            }
        }
        if (evictable.isEmpty() && objects.isEmpty()) {
            return ActionResult.skipped("already applied: " + cordon + " and has no pods left to evict"
                    + (kept.isEmpty() ? "" : "; kept " + String.join(", ", kept)));
        }
        List<String> refused = evict(evictable, objects);
        String reason = cordon + "; evicted " + (evictable.size() - refused.size()) + " pod(s)"
                + (kept.isEmpty() ? "" : "; kept " + String.join(", ", kept));
        if (!refused.isEmpty()) {
            return new ActionResult(MitigationStatus.FAILED, objects, reason + "; eviction refused for "
                    + String.join(", ", refused) + " after " + config.evictionTimeout()
                    + " (PodDisruptionBudget)");
        }
        return ActionResult.applied(reason, objects);
    }

    @Override
    public ActionResult revert(ActionInput input) {
        String nodeName = nodeOf(input);
        Node node = client.nodes().withName(nodeName).get();
        if (node == null) {
            throw new PreconditionFailed("node " + nodeName + " not found");
        }
        if (!cordonedByUs(node)) {
            return ActionResult.skipped("not applied: node " + nodeName + " was not cordoned by the mitigation service"
                    + (Boolean.TRUE.equals(node.getSpec().getUnschedulable()) ? " (left cordoned)" : ""));
        }
        JsonPatch patch = JsonPatch.create().removeLabel(marks.cordonedBy());
        if (node.getMetadata().getAnnotations() != null
                && node.getMetadata().getAnnotations().containsKey(marks.drainedFor())) {
            patch.removeAnnotation(marks.drainedFor());
        }
        if (node.getSpec().getUnschedulable() != null) {
            patch.remove("/spec/unschedulable");
        }
        client.nodes().withName(nodeName).patch(JsonPatch.CONTEXT, patch.json());
        return ActionResult.reverted("uncordoned node " + nodeName + "; evicted pods are not moved back",
                List.of(new TouchedObject("Node", null, nodeName, "uncordoned", Yaml.of(patch.operations()))));
    }

    /**
     * The node to act on: the target node, or the node of the target pod. A pod evicted by an earlier drain is gone,
     * so the node that was drained for it (annotation) or the alert's node answers for it.
     */
    private String nodeOf(ActionInput input) {
        if (input.target().kind() == TargetKind.NODE) {
            return input.target().name();
        }
        Pod pod = client.pods().inNamespace(input.target().namespace()).withName(input.target().name()).get();
        if (pod != null) {
            guardrails.checkObject(pod);
            String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            if (node == null) {
                throw new PreconditionFailed(input.targetText() + " is not scheduled on a node");
            }
            return node;
        }
        String incident = input.target().namespace() + "/" + input.target().name();
        return client.nodes().list().getItems().stream()
                .filter(n -> n.getMetadata().getAnnotations() != null
                        && incident.equals(n.getMetadata().getAnnotations().get(marks.drainedFor())))
                .map(n -> n.getMetadata().getName()).findFirst()
                .or(() -> input.alertPod().map(p -> p.node()).filter(Objects::nonNull))
                .orElseThrow(() -> new PreconditionFailed(input.targetText() + " not found and no node is marked"
                        + " as drained for it; give the node as target"));
    }

    /** Why a pod on the node stays: empty string for pods that need no mention (already terminating). */
    private Optional<String> whyKeep(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return Optional.of("");
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return Optional.of("");
        }
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey(MIRROR_ANNOTATION)) {
            return Optional.of("mirror pod");
        }
        if (pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> "DaemonSet".equals(o.getKind()))) {
            return Optional.of("DaemonSet");
        }
        return guardrails.problem(pod);
    }

    /** Evicts each pod; retries those a PodDisruptionBudget refuses until the eviction timeout; returns the refused. */
    private List<String> evict(List<Pod> pods, List<TouchedObject> objects) {
        long deadline = System.nanoTime() + config.evictionTimeout().toNanos();
        List<Pod> pending = new ArrayList<>(pods);
        long backoff = TimeUnit.MILLISECONDS.toNanos(250);
        while (true) {
            List<Pod> refused = new ArrayList<>();
            for (Pod pod : pending) {
                boolean accepted = client.pods().inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).evict();
                if (accepted) {
                    String namespace = pod.getMetadata().getNamespace();
                    String name = pod.getMetadata().getName();
                    objects.add(new TouchedObject("Pod", namespace, name, "evicted",
                            Yaml.of(eviction(namespace, name))));
                } else {
                    refused.add(pod);
                }
            }
            if (refused.isEmpty() || System.nanoTime() + backoff > deadline) {
                return refused.stream().map(DrainNodeAction::key).toList();
            }
            Log.infof("eviction of %d pod(s) refused, retrying in %d ms", refused.size(),
                    TimeUnit.NANOSECONDS.toMillis(backoff));
            // a worker thread waiting out a PodDisruptionBudget, bounded by the eviction timeout
            LockSupport.parkNanos(backoff);
            backoff = Math.min(backoff * 2, TimeUnit.SECONDS.toNanos(5));
            pending = refused;
        }
    }

    private Map<String, Object> cordonPatch(ActionInput input) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("labels", Map.of(marks.cordonedBy(), CORDONED_BY_VALUE));
        input.incidentPod().ifPresent(p -> metadata.put("annotations", Map.of(marks.drainedFor(), p)));
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("metadata", metadata);
        patch.put("spec", Map.of("unschedulable", true));
        return patch;
    }

    private static Map<String, Object> eviction(String namespace, String name) {
        Map<String, Object> eviction = new LinkedHashMap<>();
        eviction.put("apiVersion", "policy/v1");
        eviction.put("kind", "Eviction");
        eviction.put("metadata", Map.of("name", name, "namespace", namespace));
        return eviction;
    }

    private boolean cordonedByUs(Node node) {
        return node != null && node.getMetadata().getLabels() != null
                && node.getMetadata().getLabels().containsKey(marks.cordonedBy());
    }

    private static boolean drain(ActionInput input) {
        return DRAIN.equals(input.parameters().require(MODE));
    }

    private static String key(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
