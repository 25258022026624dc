package io.c2intents.hubble.json;

import java.util.List;

/**
 * One end of a flow as the key and the detector need it.
 *
 * @param namespace Kubernetes namespace, "" when not a pod
 * @param podName   pod name, "" when not a pod
 * @param labels    labels as Hubble lists them, with the {@code k8s:} source prefix removed ({@code app=x});
 *                  other sources keep theirs ({@code reserved:world}, {@code cidr:1.1.1.1/32})
 * @param workloads owning workloads (e.g. a Deployment), empty when Hubble did not resolve them
 * @param identity  Cilium security identity, 0 when absent
 */
public record EndpointSummary(String namespace, String podName, List<String> labels, List<Workload> workloads,
                              long identity) {

    public static final EndpointSummary NONE = new EndpointSummary("", "", List.of(), List.of(), 0);

    /** A pod's owner as Hubble names it ({@code kind} is e.g. {@code Deployment}). */
    public record Workload(String name, String kind) {
    }

    /** Hubble sets pod_name only for endpoints that are pods. */
    public boolean isPod() {
        return !podName.isEmpty();
    }

    /** {@code namespace/pod}, the key of every pod-keyed topic. */
    public String podKey() {
        return namespace + "/" + podName;
    }

    /** Whether Hubble labels this end {@code reserved:world} (outside the cluster). */
    public boolean isWorld() {
        return labels.contains("reserved:world");
    }
}
