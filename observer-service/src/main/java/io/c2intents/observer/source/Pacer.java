package io.c2intents.observer.source;

import io.c2intents.hubble.json.HubbleTime;
import io.c2intents.observer.config.ObserverConfig;

import java.util.concurrent.TimeUnit;

/**
 * Replays flows at the pace they were captured: a flow {@code t} after the first one is released {@code t / speed}
 * after the first one was. Flows out of order, or late because the reader was slow, go at once.
 */
final class Pacer {

    private final boolean paced;
    private final double speed;
    private long firstFlowNanos = HubbleTime.NONE;
    private long firstWallNanos;

    Pacer(ObserverConfig.Pace pace, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("observer.file.speed must be positive, was " + speed);
        }
        this.paced = pace == ObserverConfig.Pace.CAPTURED;
        this.speed = speed;
    }

    void await(long flowNanos) throws InterruptedException {
        if (!paced || flowNanos == HubbleTime.NONE) {
            return;
        }
        if (firstFlowNanos == HubbleTime.NONE) {
            firstFlowNanos = flowNanos;
            firstWallNanos = System.nanoTime();
            return;
        }
        long due = firstWallNanos + (long) ((flowNanos - firstFlowNanos) / speed);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
