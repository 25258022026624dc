package io.c2intents.lab.controller;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Hands out pod IPs from one node's {@code /24}: {@code .2} to {@code .254} ({@code .1} is the node's router, as
 * with Cilium's cilium_host), round robin so a deleted pod's IP is not at once given to its replacement, which
 * would make flows of the old and the new pod look alike.
 */
final class PodIpAllocator {

    private static final int FIRST = 2;
    private static final int LAST = 254;

    private final String prefix;
    private final Set<Integer> used = new HashSet<>();
    private int cursor = FIRST;

    /** @param cidr a {@code /24} such as {@code 10.244.0.0/24} */
    PodIpAllocator(String cidr) {
        String network = cidr.substring(0, cidr.indexOf('/'));
        this.prefix = network.substring(0, network.lastIndexOf('.') + 1);
    }

    synchronized Optional<String> allocate() {
        for (int tried = 0; tried <= LAST - FIRST; tried++) {
            int candidate = cursor;
            cursor = cursor >= LAST ? FIRST : cursor + 1;
            if (used.add(candidate)) {
                return Optional.of(prefix + candidate);
            }
        }
        return Optional.empty();
    }

    /** Marks an IP as taken (a pod that came with one); false when it is not in this node's range or taken. */
    synchronized boolean reserve(String ip) {
        Integer host = host(ip);
        return host != null && used.add(host);
    }

    synchronized void release(String ip) {
        Integer host = host(ip);
        if (host != null) {
            used.remove(host);
        }
    }

    synchronized boolean full() {
        return used.size() > LAST - FIRST;
    }

    private Integer host(String ip) {
        if (ip == null || !ip.startsWith(prefix)) {
            return null;
        }
        try {
            int host = Integer.parseInt(ip.substring(prefix.length()));
            return host >= FIRST && host <= LAST ? host : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
