package io.c2intents.mitigation.verify;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Flow time as this instance has seen it: the newest flow time per {@code hubble-flows} partition (flows of one pod
 * share a partition and arrive in order, so a pod's window is judged on its own partition's time) and over all of
 * them. Every window of an intent runs on this clock, never on the wall clock, so the lab's stepped clock and replays
 * behave like real time.
 */
@ApplicationScoped
public class FlowClock {

    private final ConcurrentHashMap<Integer, Instant> byPartition = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> newest = new AtomicReference<>();

    /** Notes a flow time; returns the partition's time after it. */
    public Instant advance(int partition, Instant time) {
        newest.accumulateAndGet(time, (a, b) -> a == null || b.isAfter(a) ? b : a);
        return byPartition.merge(partition, time, (a, b) -> b.isAfter(a) ? b : a);
    }

    /** The newest flow time of a partition, or of all when the partition is unknown (-1); null before any flow. */
    public Instant now(int partition) {
        Instant time = partition < 0 ? null : byPartition.get(partition);
        return time != null ? time : newest.get();
    }

    /** The newest flow time seen at all, or null. */
    public Instant now() {
        return newest.get();
    }
}
