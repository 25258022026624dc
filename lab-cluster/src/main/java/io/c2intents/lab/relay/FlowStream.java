package io.c2intents.lab.relay;

import com.google.protobuf.Timestamp;
import io.c2intents.hubble.flow.LostEvent;
import io.c2intents.hubble.flow.LostEventSource;
import io.c2intents.hubble.observer.GetFlowsResponse;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One {@code GetFlows} call: walks the ring from its start position to its end (or, with {@code follow}, on as flows
 * arrive), sending matching flows only while gRPC says the client can take more ({@code isReady}); the ring never waits
 * for it. When the ring overwrites flows this reader has not reached, it sends one {@code lost_events} with the count
 * and jumps to the oldest flow still held. Runs on an executor, one drain at a time per call.
 * <p>
 * New flows wake a following stream in batches ({@value #BATCH} flows, or after {@value #LINGER_MILLIS} ms): waking a
 * thread and flushing the connection for every single flow would cost more than sending it.
 */
final class FlowStream implements Runnable {

    /** Flows that wake a following stream at once. */
    static final int BATCH = 128;
    /** Longest wait before fewer new flows are sent anyway. */
    static final long LINGER_MILLIS = 5;

    private final FlowRing ring;
    private final ServerCallStreamObserver<GetFlowsResponse> observer;
    private final FlowFilters filters;
    private final ScheduledExecutorService executor;
    private final Supplier<Instant> clock;
    private final boolean follow;
    private final long endSequence;
    private final long sinceNanos;
    private final long untilNanos;
    private final long limit;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean lingering = new AtomicBoolean();
    private final Runnable wakeup = this::newFlow;
    private long cursor;
    private long sent;
    private volatile boolean finished;

    /**
     * @param start the first sequence to read
     * @param endSequence without follow, the sequence to stop at (exclusive)
     * @param limit how many flows at most (0 = no limit); for {@code first}
     */
    FlowStream(FlowRing ring, ServerCallStreamObserver<GetFlowsResponse> observer, FlowFilters filters,
            ScheduledExecutorService executor, Supplier<Instant> clock, long start, boolean follow, long endSequence,
            long sinceNanos, long untilNanos, long limit) {
        this.ring = ring;
        this.observer = observer;
        this.filters = filters;
        this.executor = executor;
        this.clock = clock;
        this.cursor = start;
        this.follow = follow;
        this.endSequence = endSequence;
        this.sinceNanos = sinceNanos;
        this.untilNanos = untilNanos;
        this.limit = limit;
    }

    /** Hooks the call's flow control and the ring's wake-ups; call from the service method, before it returns. */
    void open() {
        observer.setOnReadyHandler(this::schedule);
        observer.setOnCancelHandler(this::close);
        if (follow) {
            ring.addWakeup(wakeup);
        }
        schedule();
    }

    void schedule() {
        if (!finished && !scheduled.get() && scheduled.compareAndSet(false, true)) {
            executor.execute(this);
        }
    }

    /** The ring got a flow: drain now when a batch waits, else soon. */
    private void newFlow() {
        if (finished || scheduled.get()) {
            return;
        }
        if (ring.head() - cursor >= BATCH) {
            schedule();
        } else if (lingering.compareAndSet(false, true)) {
            executor.schedule(() -> {
                lingering.set(false);
                schedule();
            }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void run() {
        try {
            if (drain()) {
                return;
            }
        } catch (RuntimeException e) {
            // a cancelled call throws from onNext: the client went away, nothing else to do
            close();
            return;
        }
        scheduled.set(false);
        // flows that came while we were finishing must not wait for the next one: batch them as usual
        if (!finished && observer.isReady() && cursor < ring.head()) {
            newFlow();
        }
    }

    /** Sends what it can; returns true when the call is complete. */
    private boolean drain() {
        while (!finished && observer.isReady()) {
            long tail = ring.tail();
            if (cursor < tail) {
                lost(tail - cursor);
                cursor = tail;
                continue;
            }
            long head = follow ? ring.head() : Math.min(ring.head(), endSequence);
            if (cursor >= head) {
                break;
            }
            FlowRing.Entry entry = ring.read(cursor);
            if (entry == null) {
                continue; // overwritten between the tail check and the read: counted as lost on the next turn
            }
            cursor++;
            if (entry.timeNanos() < sinceNanos) {
                continue;
            }
            if (entry.timeNanos() > untilNanos) {
                if (follow) {
                    complete();
                    return true;
                }
                continue;
            }
            if (!filters.matches(entry.flow())) {
                continue;
            }
            observer.onNext(entry.response());
            sent++;
            if (limit > 0 && sent >= limit) {
                complete();
                return true;
            }
        }
        if (!finished && !follow && cursor >= Math.min(ring.head(), endSequence)) {
            complete();
            return true;
        }
        return finished;
    }

    private void lost(long count) {
        Instant now = clock.get();
        Timestamp time = Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
        observer.onNext(GetFlowsResponse.newBuilder()
                .setLostEvents(LostEvent.newBuilder().setSource(LostEventSource.HUBBLE_RING_BUFFER)
                        .setNumEventsLost(count))
                .setTime(time)
                .build());
    }

    private void complete() {
        if (!finished) {
            close();
            observer.onCompleted();
        }
    }

    private void close() {
        finished = true;
        ring.removeWakeup(wakeup);
    }
}
