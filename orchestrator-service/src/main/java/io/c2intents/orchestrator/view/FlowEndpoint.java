package io.c2intents.orchestrator.view;

import io.c2intents.events.PodKey;
import java.util.Map;

/**
 * One end of a flow as Hubble describes it.
 *
 * @param ip the IP address of this end
 * @param namespace pod namespace, null when this end is not a pod
 * @param pod pod name, null when this end is not a pod
 * @param labels labels without Hubble's {@code k8s:} prefix ({@code reserved:world} kept as is)
 */
public record FlowEndpoint(String ip, String namespace, String pod, Map<String, String> labels) {

    public FlowEndpoint {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** {@code namespace/pod}, or null when this end is not a pod. */
    public String podKey() {
        return pod == null || namespace == null ? null : PodKey.of(namespace, pod);
    }
}
