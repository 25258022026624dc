package io.c2intents.observer.detector;

/** The detector's messaging channels; their topics are mapped in application.properties. */
public final class DetectorChannels {

    /** Flows in, mapped to {@code hubble-flows} in the consumer group {@code c2-detector}. */
    public static final String FLOWS_IN = "detector-flows";

    /** Alerts out, mapped to {@code c2-alerts}. */
    public static final String ALERTS_OUT = "detector-alerts";

    /** Name of the rebalance listener bean the flows channel uses to rebuild state. */
    public static final String REBUILD_LISTENER = "c2-detector-rebuild";

    private DetectorChannels() {
    }
}
