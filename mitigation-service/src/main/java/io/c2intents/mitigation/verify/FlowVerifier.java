package io.c2intents.mitigation.verify;

import io.c2intents.hubble.json.FlowLine;
import io.c2intents.hubble.json.FlowLines;
import io.c2intents.hubble.json.FlowSummary;
import io.c2intents.hubble.json.HubbleJsonException;
import io.c2intents.mitigation.incident.Incident;
import io.c2intents.mitigation.incident.IncidentRegistry;
import io.c2intents.mitigation.incident.IncidentRunner;
import io.c2intents.mitigation.intent.IntentChannels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.c2intents.mitigation.config.MitigationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Verification from the flows: reads {@code hubble-flows} through a consumer group of its own per instance (from the
 * end: only flows after start-up matter) and keeps the flows of the pods whose incidents this instance owns. Each flow
 * moves the flow clock of its partition, which starts and ends the incidents' windows; a flow from an incident's pod
 * to its C2 address (any verdict: a DROPPED attempt is an attempt) is a C2 attempt. Lines are read with hubble-api's
 * single-pass reader. A line that cannot be read is skipped and counted, not dead-lettered: the detector reads the
 * same records and dead-letters them, and a second copy in {@code hubble-flows-dlq} would only mislead. A flow more than
 * {@code mitigation.intents.max-flow-time-ahead} after both the wall clock and its partition's newest flow (the
 * observer refuses the same ones) is ignored and counted: it would move the flow clock ahead and end every window.
 */
@ApplicationScoped
public class FlowVerifier {

    private final IncidentRegistry registry;
    private final IncidentRunner runner;
    private final FlowClock clock;
    private final Counter unreadable;
    private final Counter tooFarAhead;
    private final Duration maxAhead;
    private final Clock wallClock;
    private final Map<Integer, Instant> lastLook = new ConcurrentHashMap<>();

    @Inject
    public FlowVerifier(IncidentRegistry registry, IncidentRunner runner, FlowClock clock, MeterRegistry meters,
            MitigationConfig config) {
        this(registry, runner, clock, meters, config, Clock.systemUTC());
    }

    /** With a wall clock of the caller's choosing, for tests. */
    public FlowVerifier(IncidentRegistry registry, IncidentRunner runner, FlowClock clock, MeterRegistry meters,
            MitigationConfig config, Clock wallClock) {
        this.registry = registry;
        this.runner = runner;
        this.clock = clock;
        this.unreadable = meters.counter("mitigation.verify.flows.unreadable");
        this.tooFarAhead = meters.counter("mitigation.verify.flows.too.far.ahead");
        this.maxAhead = config.intents().maxFlowTimeAhead();
        this.wallClock = wallClock;
    }

    @Incoming(IntentChannels.FLOWS)
    public CompletionStage<Void> consume(Message<String> record) {
        IncomingKafkaRecordMetadata<?, ?> metadata = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElse(null);
        String key = metadata == null || metadata.getKey() == null ? null : metadata.getKey().toString();
        int partition = metadata == null ? -1 : metadata.getPartition();
        Instant written = metadata == null ? null : metadata.getTimestamp();
        try {
            observe(key, partition, record.getPayload(), written);
        } catch (HubbleJsonException e) {
            unreadable.increment();
            Log.debugf("unreadable flow (key %s): %s", key, e.getMessage());
        } catch (RuntimeException e) {
            Log.errorf(e, "flow (key %s) not verified against", key);
        }
        return record.ack();
    }

    /** One Hubble JSON line read on a partition of {@code hubble-flows}. */
    public void observe(String key, int partition, String line) {
        observe(key, partition, line, null);
    }

    /**
     * One Hubble JSON line read on a partition of {@code hubble-flows}, written to Kafka at {@code written} (wall
     * time; null when unknown).
     */
    public void observe(String key, int partition, String line, Instant written) {
        if (line == null) {
            return;
        }
        FlowLine read = FlowLines.read(line);
        if (!read.isFlow() || read.flow().time() == null) {
            return;
        }
        FlowSummary flow = read.flow();
        Instant time = flow.time();
        if (tooFarAhead(partition, time)) {
            tooFarAhead.increment();
            Log.debugf("flow (key %s) at %s is more than %s after the clock and partition %d's newest flow: ignored",
                    key, time, maxAhead, partition);
            return;
        }
        Instant partitionTime = clock.advance(partition, time);
        Incident own = key == null ? null : registry.latest(key).filter(Incident::open).orElse(null);
        if (own != null) {
            own.flowPartitionSeen(partition);
            if (isAttempt(flow, own)) {
                runner.onAttempt(own, time, "C2 attempt " + flow.sourceIp() + " -> " + flow.destinationIp() + " "
                        + (flow.verdict().isEmpty() ? "" : flow.verdict())
                        + (flow.dropReasonDesc().isEmpty() ? "" : " (" + flow.dropReasonDesc() + ")"));
            }
        }
        if (own == null && !due(partition, partitionTime)) {
            return;
        }
        List<Incident> open = registry.open();
        for (Incident incident : open) {
            int p = incident.flowPartitionKnown();
            if (p == partition || p < 0) {
                runner.onFlowTime(incident, p < 0 ? clock.now() : partitionTime, written);
            }
        }
    }

    /** Later than max-flow-time-ahead after both the wall clock and the partition's newest flow. */
    private boolean tooFarAhead(int partition, Instant time) {
        Instant reference = wallClock.instant();
        Instant newest = clock.now(partition);
        if (newest != null && newest.isAfter(reference)) {
            reference = newest;
        }
        return time.isAfter(reference.plus(maxAhead));
    }

    /**
     * Whether the windows of a partition's incidents need looking at: flow time moved on by a second since the last
     * look. Keeps a busy flow topic from costing a pass over every open incident per flow.
     */
    private boolean due(int partition, Instant partitionTime) {
        Instant last = lastLook.get(partition);
        if (last != null && partitionTime.isBefore(last.plusSeconds(1))) {
            return false;
        }
        lastLook.put(partition, partitionTime);
        return true;
    }

    /** A request (not a reply) from the incident's pod to its C2 address, whatever the verdict. */
    static boolean isAttempt(FlowSummary flow, Incident incident) {
        if (flow.reply() || !flow.destinationIp().equals(incident.c2Address())) {
            return false;
        }
        return flow.source().isPod() && flow.source().podKey().equals(incident.podKey());
    }
}
