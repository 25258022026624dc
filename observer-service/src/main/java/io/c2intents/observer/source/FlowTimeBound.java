package io.c2intents.observer.source;

import io.c2intents.hubble.json.HubbleTime;

import java.time.Clock;
import java.time.Duration;

/**
 * How far ahead a flow's time may be before it is taken for a broken or forged record rather than a flow: more than
 * {@code observer.max-flow-time-ahead} (24 h) after <em>both</em> the newest flow accepted so far and this service's
 * clock. Everything downstream runs on flow time (the detector's windows, Relay's resume point, mitigation's
 * verification), so one flow from 2999 would otherwise expire every state, or resume Relay from a time no flow
 * reaches. The newest accepted flow counts too, so a lab clock scaled faster than real time keeps working; the wall
 * clock counts too, so a capture from any past day replays. Past times are not bounded: replays are of the past.
 * Times a {@code long} of nanoseconds cannot hold at all are refused earlier, by {@link HubbleTime}.
 */
public final class FlowTimeBound {

    /** The default bound on the system clock. */
    public static final FlowTimeBound DEFAULT = new FlowTimeBound(Duration.ofHours(24), Clock.systemUTC());

    private final Duration maxAhead;
    private final long maxAheadNanos;
    private final Clock clock;

    public FlowTimeBound(Duration maxAhead, Clock clock) {
        if (maxAhead.isNegative() || maxAhead.isZero()) {
            throw new IllegalArgumentException("observer.max-flow-time-ahead must be positive, was " + maxAhead);
        }
        this.maxAhead = maxAhead;
        this.maxAheadNanos = saturatedNanos(maxAhead);
        this.clock = clock;
    }

    /**
     * Why a flow time is refused, or null when it is fine.
     *
     * @param timeNanos   the flow's time
     * @param newestNanos the newest flow time accepted so far on this stream or partition, {@link HubbleTime#NONE}
     *                    if none
     */
    public String refusal(long timeNanos, long newestNanos) {
        if (timeNanos == HubbleTime.NONE) {
            return null;
        }
        long now = HubbleTime.toNanos(clock.instant());
        long reference = Math.max(now, newestNanos);
        if (timeNanos - reference <= maxAheadNanos || reference > Long.MAX_VALUE - maxAheadNanos) {
            return null;
        }
        return "flow time " + HubbleTime.toInstant(timeNanos) + " is more than " + maxAhead
                + " (observer.max-flow-time-ahead) after this service's clock (" + HubbleTime.toInstant(now)
                + ")" + (newestNanos > now ? " and after the newest flow accepted (" + HubbleTime.toInstant(newestNanos)
                + ")" : "") + "; a clock that far off means a broken or forged record, not a flow";
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
