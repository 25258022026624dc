package io.c2intents.observer.source;

import io.smallrye.mutiny.Multi;

/**
 * Where flows come from. {@link #flows()} carries only flows (node status and lost events are counted and logged
 * by the source), handles its own errors (a bad line, a broken stream) without failing, and completes only when
 * its input ends for good. Subscribed once.
 */
public interface FlowSource {

    /** A short name for logs and health: {@code relay 127.0.0.1:4245}, {@code file /var/log/flows.json}. */
    String name();

    Multi<FlowRecord> flows();

    SourceStatus status();

    /** Stops reading and releases connections and files. */
    void close();
}
