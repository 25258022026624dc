package io.c2intents.lab.datapath;

import io.c2intents.lab.policy.EndpointLabels;
import java.util.HashMap;
import java.util.Map;

/**
 * Cilium's security identities: one number per distinct set of security-relevant labels, shared by every pod that
 * has that set, numbered from 256 up (below are the reserved ones: host 1, world 2, remote-node 6). Numbers come
 * from a hash of the labels, so a lab restarted with the same workloads shows the same identities.
 */
final class IdentityAllocator {

    static final int HOST = 1;
    static final int WORLD = 2;
    static final int REMOTE_NODE = 6;

    private static final int FIRST = 256;
    private static final int LAST = 65_535;

    private final Map<EndpointLabels, Integer> byLabels = new HashMap<>();
    private final Map<Integer, EndpointLabels> byNumber = new HashMap<>();

    synchronized int identity(EndpointLabels labels) {
        Integer known = byLabels.get(labels);
        if (known != null) {
            return known;
        }
        int span = LAST - FIRST + 1;
        int candidate = FIRST + Math.floorMod(labels.hashCode() * 0x9E3779B1, span);
        while (byNumber.containsKey(candidate)) {
            candidate = candidate == LAST ? FIRST : candidate + 1;
        }
        byLabels.put(labels, candidate);
        byNumber.put(candidate, labels);
        return candidate;
    }
}
