package io.c2intents.lab.datapath;

import io.c2intents.hubble.flow.Endpoint;
import io.c2intents.hubble.flow.Workload;
import io.c2intents.lab.pod.PodRuntime;
import io.c2intents.lab.policy.EndpointLabels;
import io.c2intents.lab.policy.Ipv4;
import io.c2intents.lab.policy.Peer;

/**
 * A pod as Cilium's datapath knows it: endpoint ID on its node, security identity, labels, and the Hubble
 * {@link Endpoint} message every flow about it carries (built once per identity change, since flows are the hot path).
 * Immutable: a relabelled pod gets a new one.
 */
final class LabEndpoint {

    private final PodRuntime pod;
    private final int endpointId;
    private final int identity;
    private final EndpointLabels labels;
    private final int ip;
    private final int hostIp;
    private final Endpoint proto;
    private final Peer asPeer;
    private final String mac;
    private final String hostMac;

    LabEndpoint(PodRuntime pod, int endpointId, int identity, EndpointLabels labels) {
        this.pod = pod;
        this.endpointId = endpointId;
        this.identity = identity;
        this.labels = labels;
        this.ip = Ipv4.parseOrThrow(pod.podIp());
        this.hostIp = Ipv4.parseOrThrow(pod.hostIp());
        Endpoint.Builder builder = Endpoint.newBuilder()
                .setID(endpointId)
                .setIdentity(identity)
                .setNamespace(pod.namespace())
                .addAllLabels(labels.printed())
                .setPodName(pod.name());
        if (!"Pod".equals(pod.workloadKind())) {
            builder.addWorkloads(Workload.newBuilder().setName(pod.workloadName()).setKind(pod.workloadKind()));
        }
        this.proto = builder.build();
        this.asPeer = Peer.pod(labels, ip);
        this.mac = mac(ip);
        this.hostMac = mac(ip ^ 0x00ff0000);
    }

    LabEndpoint relabelled(int newIdentity, EndpointLabels newLabels) {
        return new LabEndpoint(pod, endpointId, newIdentity, newLabels);
    }

    PodRuntime pod() {
        return pod;
    }

    int endpointId() {
        return endpointId;
    }

    int identity() {
        return identity;
    }

    EndpointLabels labels() {
        return labels;
    }

    int ip() {
        return ip;
    }

    int hostIp() {
        return hostIp;
    }

    String node() {
        return pod.nodeName();
    }

    Endpoint proto() {
        return proto;
    }

    Peer asPeer() {
        return asPeer;
    }

    /** The pod side of its veth pair: a locally administered MAC derived from the pod IP. */
    String mac() {
        return mac;
    }

    /** The host side of the veth ({@code lxc...}), as the pod's gateway. */
    String hostMac() {
        return hostMac;
    }

    static String mac(int ip) {
        return String.format("0a:%02x:%02x:%02x:%02x:%02x", 0x58, (ip >>> 24) & 0xff, (ip >>> 16) & 0xff,
                (ip >>> 8) & 0xff, ip & 0xff);
    }

    @Override
    public String toString() {
        return pod.key() + " (endpoint " + endpointId + ", identity " + identity + ")";
    }
}
