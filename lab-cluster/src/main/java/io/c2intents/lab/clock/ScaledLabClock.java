package io.c2intents.lab.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Lab time that flows with real time, {@code scale} times faster: lab time = start + real elapsed * scale. Tasks run
 * on one daemon thread when their lab time comes.
 */
public final class ScaledLabClock implements LabClock {

    private final double scale;
    private final Instant labStart;
    private final long realStartNanos;
    private final ScheduledExecutorService timer;

    ScaledLabClock(double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("time scale must be a positive number, got " + scale);
        }
        this.scale = scale;
        this.labStart = Instant.now();
        this.realStartNanos = System.nanoTime();
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lab-clock");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Instant now() {
        long realElapsed = System.nanoTime() - realStartNanos;
        return labStart.plusNanos((long) (realElapsed * scale));
    }

    @Override
    public double scale() {
        return scale;
    }

    @Override
    public Scheduled schedule(Instant at, Runnable task) {
        long labDelayNanos = Math.max(0, Duration.between(now(), at).toNanos());
        ScheduledFuture<?> future = timer.schedule(task, (long) (labDelayNanos / scale), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    @Override
    public String toString() {
        return "scaled lab clock x" + scale;
    }
}
