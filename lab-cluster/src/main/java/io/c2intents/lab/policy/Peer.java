package io.c2intents.lab.policy;

/**
 * The other end of a packet, as policy sees it: a pod (with its labels), the local host, another node, or the world
 * (anything outside the cluster).
 *
 * @param kind what the address belongs to
 * @param labels the pod's labels, or the reserved label of the other kinds
 * @param ip the peer's IPv4 address as an int ({@link Ipv4})
 */
public record Peer(Kind kind, EndpointLabels labels, int ip) {

    /** Cilium's identity classes the lab knows. */
    public enum Kind {
        POD, HOST, REMOTE_NODE, WORLD
    }

    public static Peer pod(EndpointLabels labels, int ip) {
        return new Peer(Kind.POD, labels, ip);
    }

    public static Peer world(int ip) {
        return new Peer(Kind.WORLD, EndpointLabels.WORLD, ip);
    }

    public static Peer host(int ip) {
        return new Peer(Kind.HOST, EndpointLabels.HOST, ip);
    }

    public static Peer remoteNode(int ip) {
        return new Peer(Kind.REMOTE_NODE, EndpointLabels.REMOTE_NODE, ip);
    }
}
