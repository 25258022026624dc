package io.c2intents.lab.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * The lab's time: every timestamp the lab writes (pod start times, file mtimes, and in part 2 cron minutes and
 * flow times) comes from here, so a demo can run faster than real time ({@link #scaled(double)}) and a test can
 * step it explicitly ({@link #stepped(Instant)}) instead of depending on the speed of a loaded machine.
 */
public interface LabClock extends AutoCloseable {

    /** The current lab time. */
    Instant now();

    /** Lab seconds per real second: 1 is real time, 60 runs a lab minute in a real second; 0 when stepped. */
    double scale();

    /**
     * Runs {@code task} once lab time reaches {@code at} (at once, on the clock's thread, if it already has).
     * Tasks run one at a time, in time order.
     */
    Scheduled schedule(Instant at, Runnable task);

    /** Runs {@code task} after {@code delay} of lab time. */
    default Scheduled scheduleAfter(Duration delay, Runnable task) {
        return schedule(now().plus(delay), task);
    }

    /** Stops the clock's thread, if it has one; scheduled tasks no longer run. */
    @Override
    default void close() {
    }

    /** Real time. */
    static LabClock realTime() {
        return new ScaledLabClock(1.0);
    }

    /** Real time multiplied by {@code scale} (must be positive), starting from the real now. */
    static LabClock scaled(double scale) {
        return new ScaledLabClock(scale);
    }

    /** A clock that stands still until a test calls {@link SteppedLabClock#advance(Duration)}. */
    static SteppedLabClock stepped(Instant start) {
        return new SteppedLabClock(start);
    }

    /** A task handed to {@link #schedule(Instant, Runnable)}. */
    interface Scheduled {

        /** The task will not run (no effect if it already ran). */
        void cancel();
    }
}
