package io.c2intents.events;

/**
 * The workload owning a pod, e.g. {@code Deployment/target}.
 *
 * @param kind Kubernetes kind (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ...)
 * @param name object name
 */
public record WorkloadRef(String kind, String name) {
}
