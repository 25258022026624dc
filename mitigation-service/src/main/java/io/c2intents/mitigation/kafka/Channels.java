package io.c2intents.mitigation.kafka;

/** The service's messaging channels; {@code application.properties} maps them to topics. */
public final class Channels {

    /** Requests in, from {@code mitigation-requests}. */
    public static final String REQUESTS = "mitigation-requests";
    /** Every step out, to {@code mitigation-events}. */
    public static final String EVENTS = "mitigation-events";

    private Channels() {
    }
}
