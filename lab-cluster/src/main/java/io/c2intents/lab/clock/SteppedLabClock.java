package io.c2intents.lab.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told: {@link #advance(Duration)} runs every task that falls due, in time order, on
 * the caller's thread, with {@link #now()} set to each task's time while it runs. Tests use it so cron minutes and
 * ping intervals never depend on how fast a loaded machine is.
 */
public final class SteppedLabClock implements LabClock {

    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile Instant now;
    private volatile boolean closed;

    SteppedLabClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public double scale() {
        return 0;
    }

    @Override
    public Scheduled schedule(Instant at, Runnable task) {
        Entry entry = new Entry(at, sequence.incrementAndGet(), task);
        synchronized (queue) {
            queue.add(entry);
        }
        return () -> entry.cancelled = true;
    }

    /**
     * Moves lab time forward by {@code step}, running every task due up to the new time (including tasks those
     * tasks schedule within the step).
     */
    public void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("a clock does not go back: " + step);
        }
        advanceTo(now.plus(step));
    }

    /** Moves lab time forward to {@code target} (no effect if it is in the past), running due tasks. */
    public synchronized void advanceTo(Instant target) {
        while (!closed) {
            Entry next;
            synchronized (queue) {
                next = queue.peek();
                if (next == null || next.at.isAfter(target)) {
                    break;
                }
                queue.poll();
            }
            if (next.at.isAfter(now)) {
                now = next.at;
            }
            if (!next.cancelled) {
                next.task.run();
            }
        }
        if (target.isAfter(now)) {
            now = target;
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (queue) {
            queue.clear();
        }
    }

    @Override
    public String toString() {
        return "stepped lab clock at " + now;
    }

    private static final class Entry implements Comparable<Entry> {
        final Instant at;
        final long order;
        final Runnable task;
        volatile boolean cancelled;

        Entry(Instant at, long order, Runnable task) {
            this.at = at;
            this.order = order;
            this.task = task;
        }

        @Override
        public int compareTo(Entry other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }
}
