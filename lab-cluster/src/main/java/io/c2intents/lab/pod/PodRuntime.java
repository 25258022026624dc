package io.c2intents.lab.pod;

import io.c2intents.lab.vfs.VirtualFileSystem;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Map;

/**
 * What the lab keeps for one Running pod beyond its API object: its own file tree (what exec and crond see), its log,
 * its processes, and the identity the datapath needs (IP, node, labels, owning workload).
 */
public final class PodRuntime {

    private final String namespace;
    private final String name;
    private final String uid;
    private final String nodeName;
    private final String podIp;
    private final String hostIp;
    private final String workloadKind;
    private final String workloadName;
    private final Instant startTime;
    private final VirtualFileSystem fileSystem;
    private final PodLog log;
    private final ProcessTable processes;
    private volatile Map<String, String> labels;
    private volatile Pod pod;

    /**
     * @param pod the API object as it was when the pod started
     * @param workloadKind the top owner's kind ({@code Deployment}, {@code ReplicaSet}) or {@code Pod} for a bare pod
     * @param workloadName that owner's name (the pod's own for a bare pod)
     */
    public PodRuntime(Pod pod, String nodeName, String podIp, String hostIp, String workloadKind, String workloadName,
            Instant startTime, VirtualFileSystem fileSystem, PodLog log, ProcessTable processes) {
        this.namespace = pod.getMetadata().getNamespace();
        this.name = pod.getMetadata().getName();
        this.uid = pod.getMetadata().getUid();
        this.nodeName = nodeName;
        this.podIp = podIp;
        this.hostIp = hostIp;
        this.workloadKind = workloadKind;
        this.workloadName = workloadName;
        this.startTime = startTime;
        this.fileSystem = fileSystem;
        this.log = log;
        this.processes = processes;
        this.labels = Map.copyOf(pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels());
        this.pod = pod;
    }

    /** {@code namespace/name}, the key the project's topics use for a pod. */
    public String key() {
        return namespace + "/" + name;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    public String uid() {
        return uid;
    }

    public String nodeName() {
        return nodeName;
    }

    public String podIp() {
        return podIp;
    }

    public String hostIp() {
        return hostIp;
    }

    /** The top owner's kind: {@code Deployment} for a Deployment's pods, {@code Pod} for a bare pod. */
    public String workloadKind() {
        return workloadKind;
    }

    public String workloadName() {
        return workloadName;
    }

    /** Lab time the pod started running. */
    public Instant startTime() {
        return startTime;
    }

    /** The pod's current labels (immutable; replaced when they change). */
    public Map<String, String> labels() {
        return labels;
    }

    /** The pod's API object as last seen by the controller (spec: containers, commands, ...). */
    public Pod pod() {
        return pod;
    }

    public VirtualFileSystem fileSystem() {
        return fileSystem;
    }

    public PodLog log() {
        return log;
    }

    public ProcessTable processes() {
        return processes;
    }

    /** Updates labels and object after an API change; returns the previous labels. */
    Map<String, String> update(Pod latest) {
        Map<String, String> previous = labels;
        this.pod = latest;
        this.labels = Map.copyOf(latest.getMetadata().getLabels() == null ? Map.of() : latest.getMetadata().getLabels());
        return previous;
    }

    @Override
    public String toString() {
        return key() + " on " + nodeName + " (" + podIp + ")";
    }
}
