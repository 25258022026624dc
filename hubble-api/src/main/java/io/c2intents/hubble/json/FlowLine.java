package io.c2intents.hubble.json;

/**
 * One line of Hubble JSON, read by {@link FlowLines#read(String)}: what it carries and, for a flow, its summary.
 *
 * @param kind      flow, node status, lost events, ...
 * @param bareFlow  the line was a bare flow object (no {@code "flow"} wrapper, pre-v0.11 hubble CLI)
 * @param nodeName  the response's node_name (for a bare flow: the flow's)
 * @param timeNanos the response's time as epoch nanos (for a bare flow: the flow's), or {@link HubbleTime#NONE}
 * @param flow      the flow's summary, null unless {@code kind == FLOW}
 * @param lostCount lost_events.num_events_lost, 0 unless {@code kind == LOST_EVENTS}
 */
public record FlowLine(EventKind kind, boolean bareFlow, String nodeName, long timeNanos, FlowSummary flow,
                       long lostCount) {

    public boolean isFlow() {
        return kind == EventKind.FLOW;
    }
}
