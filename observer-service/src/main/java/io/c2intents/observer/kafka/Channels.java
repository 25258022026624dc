package io.c2intents.observer.kafka;

/** The observer's messaging channels; their topics are mapped in application.properties. */
public final class Channels {

    /** Flows out, mapped to the {@code hubble-flows} topic. */
    public static final String FLOWS_OUT = "flows-out";

    private Channels() {
    }
}
