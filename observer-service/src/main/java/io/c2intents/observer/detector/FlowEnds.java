package io.c2intents.observer.detector;

import io.c2intents.events.PodRef;
import io.c2intents.events.WorkloadRef;
import io.c2intents.hubble.json.EndpointSummary;
import io.c2intents.hubble.json.FlowSummary;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which end of a flow is the pod it is keyed by (the same rule as {@code FlowKeys.podKey}: the initiator if it is a
 * pod, else the responder) and which is the remote end the pod talked to. Reused for every flow of a partition.
 */
final class FlowEnds {

    /** Cilium's reserved identities for destinations outside the cluster: world, world-ipv4, world-ipv6. */
    private static final long WORLD = 2;
    private static final long WORLD_IPV4 = 9;
    private static final long WORLD_IPV6 = 10;

    EndpointSummary pod;
    EndpointSummary remote;
    String podIp;
    String remoteIp;
    /** The pod started the exchange (a request from it, or a reply to it): egress. */
    boolean podInitiated;

    /** Fills the fields; false when neither end is a pod (an IP-keyed flow). */
    boolean of(FlowSummary f) {
        boolean reply = f.reply();
        EndpointSummary initiator = reply ? f.destination() : f.source();
        EndpointSummary responder = reply ? f.source() : f.destination();
        String initiatorIp = reply ? f.destinationIp() : f.sourceIp();
        String responderIp = reply ? f.sourceIp() : f.destinationIp();
        if (initiator.isPod()) {
            pod = initiator;
            podIp = initiatorIp;
            remote = responder;
            remoteIp = responderIp;
            podInitiated = true;
            return true;
        }
        if (responder.isPod()) {
            pod = responder;
            podIp = responderIp;
            remote = initiator;
            remoteIp = initiatorIp;
            podInitiated = false;
            return true;
        }
        return false;
    }

    /**
     * Whether Hubble places an end outside the cluster: a world identity or label, or a CIDR/FQDN identity (what a
     * world address gets once a policy names it). Pods, hosts, remote nodes, health and kube-apiserver are not.
     */
    static boolean isWorld(EndpointSummary e) {
        long identity = e.identity();
        if (identity == WORLD || identity == WORLD_IPV4 || identity == WORLD_IPV6) {
            return true;
        }
        List<String> labels = e.labels();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (label.startsWith("reserved:world") || label.startsWith("cidr:") || label.startsWith("fqdn:")) {
                return true;
            }
        }
        return false;
    }

    /** The workload a pod belongs to, as {@code namespace/name}: Hubble's owner, else its app label, else itself. */
    static String workloadKey(EndpointSummary pod) {
        String name = null;
        if (!pod.workloads().isEmpty() && !pod.workloads().get(0).name().isEmpty()) {
            name = pod.workloads().get(0).name();
        }
        String templateHash = null;
        for (String label : pod.labels()) {
            if (name == null && label.startsWith("app.kubernetes.io/name=")) {
                name = label.substring("app.kubernetes.io/name=".length());
            } else if (name == null && label.startsWith("app=")) {
                name = label.substring(4);
            } else if (label.startsWith("pod-template-hash=")) {
                templateHash = label.substring("pod-template-hash=".length());
            }
        }
        if (name == null) {
            String pn = pod.podName();
            int at = templateHash == null ? -1 : pn.lastIndexOf("-" + templateHash + "-");
            name = at > 0 ? pn.substring(0, at) : pn;
        }
        return pod.namespace() + "/" + name;
    }

    /** The pod as an alert names it: the labels Kubernetes gave it (not Cilium's own), node, IP, owner. */
    static PodRef podRef(EndpointSummary pod, String ip, String node) {
        Map<String, String> labels = new HashMap<>();
        for (String label : pod.labels()) {
            int eq = label.indexOf('=');
            if (eq <= 0 || label.startsWith("io.cilium.k8s.") || label.startsWith("io.kubernetes.pod.namespace")
                    || label.indexOf(':') >= 0 && label.indexOf(':') < eq) {
                continue;
            }
            labels.put(label.substring(0, eq), label.substring(eq + 1));
        }
        WorkloadRef owner = null;
        if (!pod.workloads().isEmpty()) {
            EndpointSummary.Workload w = pod.workloads().get(0);
            if (!w.name().isEmpty() && !w.kind().isEmpty()) {
                owner = new WorkloadRef(w.kind(), w.name());
            }
        }
        return new PodRef(pod.namespace(), pod.podName(), labels, node == null || node.isEmpty() ? null : node,
                ip == null || ip.isEmpty() ? null : ip, owner);
    }
}
