package io.c2intents.lab.pod;

import java.util.Map;

/**
 * Told when the lab's pods start, go, or change labels, so the datapath (part 2) can start and stop a pod's
 * programs and re-evaluate policies. Calls come from the lab's controller thread, one at a time; a listener must
 * return quickly and not call the Kubernetes API synchronously.
 */
public interface PodLifecycleListener {

    /** The pod is Running: it has a node, an IP, a fresh file tree and PID 1. */
    default void podCreated(PodRuntime pod) {
    }

    /** The pod is gone from the API (deleted, evicted, or its owner or node went). */
    default void podDeleted(PodRuntime pod) {
    }

    /** The pod's labels changed; {@link PodRuntime#labels()} already holds the new ones. */
    default void podRelabelled(PodRuntime pod, Map<String, String> previousLabels) {
    }
}
