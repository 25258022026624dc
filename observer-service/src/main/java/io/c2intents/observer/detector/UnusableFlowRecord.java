package io.c2intents.observer.detector;

/**
 * A record on {@code hubble-flows} the detector cannot evaluate (not JSON, JSON that is not a Hubble flow, a flow
 * without a time, or with an unusable one). Its message becomes the {@code dead-letter-reason} header of the record
 * on {@code hubble-flows-dlq}.
 */
public class UnusableFlowRecord extends RuntimeException {

    private final String kind;

    public UnusableFlowRecord(String kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    /** A short tag for metrics: not-json, not-a-flow, no-time, bad-time, empty. */
    public String kind() {
        return kind;
    }
}
