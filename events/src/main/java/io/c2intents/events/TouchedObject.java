package io.c2intents.events;

/**
 * A Kubernetes object a mitigation created, changed or would change.
 *
 * @param kind e.g. CiliumNetworkPolicy, Pod, Deployment, Node
 * @param namespace namespace, null for cluster-scoped objects
 * @param name object name
 * @param change created, labelled, patched, deleted, scaled, cordoned, exec, evicted (free word, lower case)
 * @param yaml the object (or the patch) as YAML, where it helps a reader
 */
public record TouchedObject(String kind, String namespace, String name, String change, String yaml) {
}
