package io.c2intents.hubble.json;

/**
 * What one line of Hubble JSON carries: the {@code response_types} oneof of {@code GetFlowsResponse} and of the
 * exporter's {@code ExportEvent}. A bare flow (the pre-v0.11 CLI format) is a {@link #FLOW} too.
 */
public enum EventKind {
    FLOW,
    NODE_STATUS,
    LOST_EVENTS,
    AGENT_EVENT,
    DEBUG_EVENT,
    /** A JSON object with none of the above: nothing to do with it. */
    EMPTY
}
