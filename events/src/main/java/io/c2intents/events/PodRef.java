package io.c2intents.events;

import java.util.Map;

/**
 * A pod as the flows and the Kubernetes API describe it.
 *
 * @param namespace namespace of the pod
 * @param name pod name
 * @param labels pod labels without Hubble's {@code k8s:} prefix (may be empty)
 * @param node node the pod runs on, where known
 * @param ip pod IP, where known
 * @param owner the workload that owns the pod, where the flow or the API tells it
 */
public record PodRef(String namespace, String name, Map<String, String> labels, String node, String ip,
        WorkloadRef owner) {

    public PodRef {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static PodRef of(String namespace, String name) {
        return new PodRef(namespace, name, Map.of(), null, null, null);
    }

    /** The record key of everything about this pod. */
    public String key() {
        return PodKey.of(namespace, name);
    }
}
