package io.c2intents.orchestrator.kafka;

/** Messaging channel names; {@code application.properties} maps each to its topic. */
public final class Channels {

    public static final String FLOWS_IN = "flows-in";
    public static final String ALERTS_IN = "alerts-in";
    public static final String SIMULATOR_EVENTS_IN = "simulator-events-in";
    public static final String MITIGATION_REQUESTS_IN = "mitigation-requests-in";
    public static final String MITIGATION_EVENTS_IN = "mitigation-events-in";
    public static final String INTENTS_IN = "intents-in";

    public static final String SIMULATOR_COMMANDS_OUT = "simulator-commands-out";
    public static final String MITIGATION_REQUESTS_OUT = "mitigation-requests-out";
    public static final String INTENTS_OUT = "intents-out";

    private Channels() {
    }
}
