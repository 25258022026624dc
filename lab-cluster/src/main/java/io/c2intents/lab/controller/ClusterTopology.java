package io.c2intents.lab.controller;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lab's nodes, laid out like a kind cluster: {@code lab-node-1..N} with InternalIPs {@code 172.18.0.2..} and
 * one {@code /24} of the pod network {@code 10.244.0.0/16} each ({@code 10.244.0.0/24} for the first node).
 */
public final class ClusterTopology {

    /** The cluster's pod network, as {@code kubeadm --pod-network-cidr} would set it. */
    public static final String POD_NETWORK = "10.244.0.0/16";
    /** Where node InternalIPs start (kind's docker network). */
    public static final String NODE_NETWORK_PREFIX = "172.18.0.";

    private final List<LabNode> nodes;

    private ClusterTopology(List<LabNode> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** {@code count} nodes (1 to 250). */
    public static ClusterTopology of(int count) {
        if (count < 1 || count > 250) {
            throw new IllegalArgumentException("a lab has 1 to 250 nodes, not " + count);
        }
        List<LabNode> nodes = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            nodes.add(new LabNode("lab-node-" + i, NODE_NETWORK_PREFIX + (i + 1), "10.244." + (i - 1) + ".0/24"));
        }
        return new ClusterTopology(nodes);
    }

    public List<LabNode> nodes() {
        return nodes;
    }

    public Optional<LabNode> node(String name) {
        return nodes.stream().filter(node -> node.name().equals(name)).findFirst();
    }
}
