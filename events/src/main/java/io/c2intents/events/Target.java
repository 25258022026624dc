package io.c2intents.events;

/**
 * The object a mitigation acts on.
 *
 * @param kind pod, workload or node
 * @param namespace namespace (absent for nodes)
 * @param name object name; for a workload, {@code Kind/name} or the name of a Deployment
 */
public record Target(TargetKind kind, String namespace, String name) {

    public static Target pod(String namespace, String name) {
        return new Target(TargetKind.POD, namespace, name);
    }
}
