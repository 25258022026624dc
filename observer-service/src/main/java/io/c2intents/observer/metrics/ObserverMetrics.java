package io.c2intents.observer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The observer's Micrometer meters (Prometheus names in brackets): flows in {@code observer_flows_received_total},
 * published {@code observer_flows_published_total}, publish failures, duplicates dropped after a reconnect,
 * unreadable lines {@code observer_parse_errors_total}, events Hubble lost {@code observer_lost_events_total},
 * node status messages {@code observer_node_status_total} and Relay reconnects.
 */
@ApplicationScoped
public class ObserverMetrics {

    private final MeterRegistry registry;
    private final Counter received;
    private final Counter published;
    private final Counter publishFailures;
    private final Counter duplicates;
    private final Counter parseErrors;
    private final Counter reconnects;
    private final Counter otherEvents;
    private final Counter badFlowTimes;

    public ObserverMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received = Counter.builder("observer.flows.received").description("Flows read from the source")
                .register(registry);
        this.published = Counter.builder("observer.flows.published")
                .description("Flows Kafka acknowledged on hubble-flows").register(registry);
        this.publishFailures = Counter.builder("observer.flows.publish.failures")
                .description("Flows Kafka refused").register(registry);
        this.duplicates = Counter.builder("observer.flows.duplicates")
                .description("Flows Relay sent again after a reconnect, dropped").register(registry);
        this.parseErrors = Counter.builder("observer.parse.errors")
                .description("Lines that are not Hubble JSON, skipped").register(registry);
        this.reconnects = Counter.builder("observer.relay.reconnects")
                .description("Times the Relay stream was opened again after it broke").register(registry);
        this.otherEvents = Counter.builder("observer.events.ignored")
                .description("Agent/debug events and empty objects in the input, not flows").register(registry);
        // Registered up front so that a scrape shows 0 rather than nothing before the first loss.
        this.badFlowTimes = Counter.builder("observer.flows.bad.time")
                .description("Flows whose time is too far ahead (observer.max-flow-time-ahead), skipped")
                .register(registry);
        Counter.builder("observer.lost.events").tag("source", "UNKNOWN_LOST_EVENT_SOURCE")
                .description("Events Hubble reports it lost before they reached the stream").register(registry);
    }

    public void flowReceived() {
        received.increment();
    }

    public void flowPublished() {
        published.increment();
    }

    public void publishFailed() {
        publishFailures.increment();
    }

    public void duplicateDropped() {
        duplicates.increment();
    }

    public void badFlowTime() {
        badFlowTimes.increment();
    }

    public void parseError() {
        parseErrors.increment();
    }

    public void reconnected() {
        reconnects.increment();
    }

    public void otherEvent() {
        otherEvents.increment();
    }

    /** Adds {@code count} events lost at {@code source} (a LostEventSource name). */
    public void lostEvents(String source, long count) {
        Counter.builder("observer.lost.events").tag("source", source.isEmpty() ? "UNKNOWN_LOST_EVENT_SOURCE" : source)
                .description("Events Hubble reports it lost before they reached the stream").register(registry)
                .increment(count);
    }

    /** Counts one node status message by its state (NODE_CONNECTED, NODE_UNAVAILABLE, ...). */
    public void nodeStatus(String state) {
        Counter.builder("observer.node.status").tag("state", state.isEmpty() ? "UNKNOWN_NODE_STATE" : state)
                .description("Node status messages from Relay").register(registry).increment();
    }

    public double receivedCount() {
        return received.count();
    }

    public double publishedCount() {
        return published.count();
    }

    public double parseErrorCount() {
        return parseErrors.count();
    }

    public double badFlowTimeCount() {
        return badFlowTimes.count();
    }

    public double duplicateCount() {
        return duplicates.count();
    }
}
