package io.c2intents.orchestrator.view;

import io.c2intents.orchestrator.config.OrchestratorConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The most recent flows, in a ring buffer of fixed size (so memory stays bounded however long the app runs),
 * and a live feed of new ones.
 */
@ApplicationScoped
public class FlowView {

    private final FlowRecord[] ring;
    private final BroadcastProcessor<FlowRecord> live = BroadcastProcessor.create();
    private final int streamBuffer;
    private long next;

    @Inject
    public FlowView(OrchestratorConfig config) {
        this(config.flowCapacity(), config.streamBuffer());
    }

    FlowView(int capacity, int streamBuffer) {
        if (capacity < 1) {
            throw new IllegalArgumentException("orchestrator.flow-capacity must be at least 1, was " + capacity);
        }
        this.ring = new FlowRecord[capacity];
        this.streamBuffer = streamBuffer;
    }

    /** Adds a parsed flow; the oldest one goes when the buffer is full. */
    public void add(FlowRecord flow) {
        synchronized (this) {
            ring[(int) (next % ring.length)] = flow;
            next++;
        }
        live.onNext(flow);
    }

    /** The sequence number the next flow gets. */
    public synchronized long nextSeq() {
        return next;
    }

    public int capacity() {
        return ring.length;
    }

    /** How many flows are kept now. */
    public synchronized int size() {
        return (int) Math.min(next, ring.length);
    }

    /** Up to {@code limit} matching flows, newest first. */
    public List<FlowRecord> query(FlowQuery query, Set<String> infected, int limit) {
        List<FlowRecord> result = new ArrayList<>(Math.min(limit, 256));
        synchronized (this) {
            long oldest = Math.max(0, next - ring.length);
            for (long i = next - 1; i >= oldest && result.size() < limit; i--) {
                FlowRecord flow = ring[(int) (i % ring.length)];
                if (query.matches(flow, infected)) {
                    result.add(flow);
                }
            }
        }
        return result;
    }

    /**
     * New flows as they arrive that match the query. A client that falls more than the stream buffer behind is
     * ended (an SSE client reconnects) rather than allowed to slow the Kafka consumer down.
     */
    public Multi<FlowRecord> stream(FlowQuery query, Supplier<Set<String>> infected) {
        return LiveFeed.bounded(live.select().where(flow -> query.matches(flow, infected.get())), streamBuffer);
    }
}
