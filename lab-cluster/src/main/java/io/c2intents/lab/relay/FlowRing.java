package io.c2intents.lab.relay;

import io.c2intents.hubble.flow.Flow;
import io.c2intents.hubble.json.HubbleJson;
import io.c2intents.hubble.observer.GetFlowsResponse;
import io.c2intents.lab.datapath.FlowSink;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Hubble's ring buffer: the last {@code capacity} flows (4095 by default; Hubble wants 2^n - 1), the oldest overwritten
 * by the newest. Writers never wait for readers: a reader that falls more than {@code capacity} flows behind finds its
 * position overwritten and is told how many it lost ({@code lost_events}), as Hubble's readers are. Memory is fixed.
 * <p>
 * One writer at a time (the datapath, on the lab clock's thread); any number of lock-free readers, each with its own
 * position (a sequence number). Readers that wait for new flows register a wake-up.
 */
public final class FlowRing implements FlowSink {

    /** Hubble's default ({@code hubble-event-buffer-capacity}). */
    public static final int DEFAULT_CAPACITY = 4095;

    /** One stored flow, with the response Relay sends for it (built once, shared by every reader). */
    record Entry(long sequence, GetFlowsResponse response, long timeNanos, String node) {

        Flow flow() {
            return response.getFlow();
        }
    }

    private final int capacity;
    private final int mask;
    private final Entry[] slots;
    private final List<Runnable> wakeups = new CopyOnWriteArrayList<>();
    private final Map<String, long[]> perNode = new HashMap<>();
    private volatile long next;

    public FlowRing(int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity + 1) != 1) {
            throw new IllegalArgumentException("ring capacity must be 2^n - 1 (e.g. 4095), not " + capacity);
        }
        this.capacity = capacity;
        this.slots = new Entry[capacity + 1];
        this.mask = capacity;
    }

    public int capacity() {
        return capacity;
    }

    @Override
    public void accept(Flow flow) {
        long nanos = flow.getTime().getSeconds() * 1_000_000_000L + flow.getTime().getNanos();
        GetFlowsResponse response = HubbleJson.wrap(flow);
        synchronized (this) {
            long sequence = next;
            int slot = (int) (sequence & mask);
            Entry overwritten = slots[slot];
            if (overwritten != null) {
                perNode.get(overwritten.node())[0]--;
            }
            slots[slot] = new Entry(sequence, response, nanos, flow.getNodeName());
            long[] counts = perNode.computeIfAbsent(flow.getNodeName(), n -> new long[2]);
            counts[0]++;
            counts[1]++;
            // the volatile write publishes the slot to lock-free readers
            next = sequence + 1;
        }
        for (Runnable wakeup : wakeups) {
            wakeup.run();
        }
    }

    /** The sequence number the next flow will get: flows seen so far. */
    public long head() {
        return next;
    }

    /** The oldest sequence number still readable (one slot is kept free, as in Hubble, so at most capacity). */
    public long tail() {
        return Math.max(0, next - capacity);
    }

    /** The entry at {@code sequence}, or null when it was overwritten (or not written yet). */
    Entry read(long sequence) {
        Entry entry = slots[(int) (sequence & mask)];
        return entry != null && entry.sequence() == sequence ? entry : null;
    }

    /** How many flows the ring holds now. */
    public long size() {
        return next - tail();
    }

    /** Per node: {flows held now, flows seen}. */
    synchronized Map<String, long[]> nodeCounts() {
        Map<String, long[]> copy = new HashMap<>();
        perNode.forEach((node, counts) -> copy.put(node, counts.clone()));
        return copy;
    }

    void addWakeup(Runnable wakeup) {
        wakeups.add(wakeup);
    }

    void removeWakeup(Runnable wakeup) {
        wakeups.remove(wakeup);
    }
}
