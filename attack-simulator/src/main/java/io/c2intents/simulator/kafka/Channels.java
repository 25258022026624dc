package io.c2intents.simulator.kafka;

/** The simulator's messaging channels; {@code application.properties} maps them to topics. */
public final class Channels {

    /** Commands in, from {@code simulator-commands}. */
    public static final String COMMANDS = "simulator-commands";
    /** Outcomes out, to {@code simulator-events}. */
    public static final String EVENTS = "simulator-events";

    private Channels() {
    }
}
