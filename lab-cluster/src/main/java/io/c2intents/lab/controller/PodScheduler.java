package io.c2intents.lab.controller;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Picks a node for a new pod the way the default scheduler would in a small cluster: only Ready nodes that are not
 * cordoned ({@code spec.unschedulable}), whose NoSchedule taints the pod tolerates and that have a free pod IP;
 * among them the one with the fewest pods of the same owner, then the fewest pods. A pod that replaces an evicted
 * one avoids the node it was evicted from when another node fits (a drain moves pods elsewhere).
 */
final class PodScheduler {

    private final Map<String, Deque<String>> avoid = new ConcurrentHashMap<>();

    /** Remembers that the next replacement pod of {@code ownerUid} should avoid {@code nodeName}. */
    void evicted(String ownerUid, String nodeName) {
        if (ownerUid != null && nodeName != null) {
            avoid.computeIfAbsent(ownerUid, k -> new ArrayDeque<>()).add(nodeName);
        }
    }

    /**
     * The node for {@code pod}, or empty when none fits.
     *
     * @param ownerPods pods of the same owner per node
     * @param allPods pods per node
     * @param hasFreeIp whether a node can still give out a pod IP
     */
    Optional<String> choose(Pod pod, String ownerUid, List<Node> nodes, Map<String, Integer> ownerPods,
            Map<String, Integer> allPods, Predicate<String> hasFreeIp) {
        List<Node> candidates = nodes.stream()
                .filter(PodScheduler::ready)
                .filter(node -> !Boolean.TRUE.equals(node.getSpec() == null ? null : node.getSpec().getUnschedulable()))
                .filter(node -> tolerates(pod, node))
                .filter(node -> hasFreeIp.test(node.getMetadata().getName()))
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Deque<String> avoided = ownerUid == null ? null : avoid.get(ownerUid);
        String skip = avoided == null ? null : avoided.poll();
        if (skip != null && candidates.stream().anyMatch(node -> !node.getMetadata().getName().equals(skip))) {
            candidates = candidates.stream().filter(node -> !node.getMetadata().getName().equals(skip)).toList();
        }
        return candidates.stream()
                .min(Comparator.<Node>comparingInt(node -> ownerPods.getOrDefault(node.getMetadata().getName(), 0))
                        .thenComparingInt(node -> allPods.getOrDefault(node.getMetadata().getName(), 0))
                        .thenComparing(node -> node.getMetadata().getName()))
                .map(node -> node.getMetadata().getName());
    }

    /** Why no node fits, worded like the scheduler's FailedScheduling message. */
    static String unschedulableMessage(List<Node> nodes) {
        long cordoned = nodes.stream()
                .filter(node -> node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable()))
                .count();
        long notReady = nodes.stream().filter(node -> !ready(node)).count();
        StringBuilder message = new StringBuilder(
                "0/" + nodes.size() + " nodes are available: ");
        if (cordoned > 0) {
            message.append(cordoned).append(" node(s) were unschedulable");
        }
        if (notReady > 0) {
            message.append(cordoned > 0 ? ", " : "").append(notReady).append(" node(s) were not ready");
        }
        if (cordoned == 0 && notReady == 0) {
            message.append(nodes.size()).append(" node(s) had untolerated taints or no free pod IP");
        }
        return message.append('.').toString();
    }

    static boolean ready(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return false;
        }
        return node.getStatus().getConditions().stream()
                .filter(condition -> "Ready".equals(condition.getType()))
                .map(NodeCondition::getStatus)
                .anyMatch("True"::equals);
    }

    private static boolean tolerates(Pod pod, Node node) {
        if (node.getSpec() == null || node.getSpec().getTaints() == null) {
            return true;
        }
        List<Toleration> tolerations = pod.getSpec() == null || pod.getSpec().getTolerations() == null ? List.of()
                : pod.getSpec().getTolerations();
        for (Taint taint : node.getSpec().getTaints()) {
            if (!"NoSchedule".equals(taint.getEffect()) && !"NoExecute".equals(taint.getEffect())) {
                continue;
            }
            boolean tolerated = tolerations.stream().anyMatch(toleration -> matches(toleration, taint));
            if (!tolerated) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(Toleration toleration, Taint taint) {
        if (toleration.getEffect() != null && !toleration.getEffect().isEmpty()
                && !toleration.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if ("Exists".equals(toleration.getOperator())) {
            return toleration.getKey() == null || toleration.getKey().isEmpty()
                    || toleration.getKey().equals(taint.getKey());
        }
        return Objects.equals(toleration.getKey(), taint.getKey())
                && Objects.equals(Objects.toString(toleration.getValue(), ""), Objects.toString(taint.getValue(), ""));
    }
}
