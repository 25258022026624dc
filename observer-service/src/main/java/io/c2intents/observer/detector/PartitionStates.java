package io.c2intents.observer.detector;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The detection state of each {@code hubble-flows} partition this instance owns right now. The rebalance listener
 * (Kafka polling thread) installs and drops entries; the flow consumer reads them. A record of a partition that is not
 * here was revoked meanwhile: its new owner replays it, so this instance skips it.
 */
@ApplicationScoped
public class PartitionStates {

    /**
     * One owned partition.
     *
     * @param detector   its state
     * @param liveFrom   offsets below this were processed before (the group's committed offset when it was
     *                   assigned): they only rebuild state, their alerts and dead letters were already published
     */
    public record Owned(PartitionDetector detector, long liveFrom) {
    }

    private final Map<Integer, Owned> owned = new ConcurrentHashMap<>();

    public Owned get(int partition) {
        return owned.get(partition);
    }

    void put(int partition, Owned state) {
        owned.put(partition, state);
    }

    void remove(int partition) {
        owned.remove(partition);
    }

    public Map<Integer, Owned> all() {
        return Map.copyOf(owned);
    }
}
