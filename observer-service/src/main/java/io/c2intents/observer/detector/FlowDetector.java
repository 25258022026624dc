package io.c2intents.observer.detector;

import io.c2intents.events.C2Alert;
import io.c2intents.events.ContractViolation;
import io.c2intents.events.Contracts;
import io.c2intents.hubble.json.EventKind;
import io.c2intents.hubble.json.FlowLine;
import io.c2intents.hubble.json.FlowLines;
import io.c2intents.hubble.json.FlowSummary;
import io.c2intents.hubble.json.HubbleJsonException;
import io.c2intents.hubble.json.HubbleTime;
import io.c2intents.observer.config.ObserverConfig;
import io.c2intents.observer.source.FlowTimeBound;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Turns {@code hubble-flows} into {@code c2-alerts}. Payloads arrive as strings and are read with hubble-api's
 * streaming {@link FlowLines} reader; a record that is not JSON, or JSON that is not a Hubble flow, is nacked and so
 * lands on {@code hubble-flows-dlq} with the reason in its headers, while the records around it go on; so does a flow
 * whose time is unusable (outside what epoch nanos in a long hold, or later than {@link FlowTimeBound} allows). Each flow is
 * run through the state of its partition ({@link PartitionStates}); the alerts it raises are published keyed by the
 * pod, and the flow is acknowledged only once Kafka has them, so a committed offset never hides an unpublished alert.
 * Processing is sequential per channel and CPU-only, on the connector's event loop.
 */
@ApplicationScoped
public class FlowDetector {

    private final PartitionStates states;
    private final DetectorMetrics metrics;
    private final MutinyEmitter<String> alerts;
    private final FlowTimeBound timeBound;

    public FlowDetector(PartitionStates states, DetectorMetrics metrics,
            @Channel(DetectorChannels.ALERTS_OUT) MutinyEmitter<String> alerts, ObserverConfig config) {
        this.states = states;
        this.metrics = metrics;
        this.alerts = alerts;
        this.timeBound = new FlowTimeBound(config.maxFlowTimeAhead(), Clock.systemUTC());
    }

    @Incoming(DetectorChannels.FLOWS_IN)
    public Uni<Void> evaluate(Message<String> message) {
        IncomingKafkaRecordMetadata<?, ?> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElse(null);
        PartitionStates.Owned owned = record == null ? null : states.get(record.getPartition());
        if (owned == null) {
            // revoked while in flight: the partition's new owner replays it
            return Uni.createFrom().completionStage(message.ack());
        }
        boolean live = record.getOffset() >= owned.liveFrom();
        PartitionDetector detector = owned.detector();
        FlowSummary flow;
        try {
            flow = flowOf(message.getPayload());
            String refusal = flow == null ? null : timeBound.refusal(flow.timeNanos(), detector.newestFlowNanos());
            if (refusal != null) {
                throw new UnusableFlowRecord("bad-time", refusal);
            }
        } catch (UnusableFlowRecord e) {
            if (!live) {
                return Uni.createFrom().completionStage(message.ack()); // dead-lettered before the restart
            }
            metrics.deadLettered(e.kind());
            Log.debugf("hubble-flows %d@%d to the DLQ: %s", record.getPartition(), record.getOffset(),
                    e.getMessage());
            return Uni.createFrom().completionStage(message.nack(e));
        }
        if (flow == null) {
            metrics.ignored();
            return Uni.createFrom().completionStage(message.ack());
        }
        metrics.evaluated();
        long suppressedBefore = detector.ledger().suppressed();
        List<C2Alert> raised = detector.evaluate(flow, live);
        metrics.suppressed(detector.ledger().suppressed() - suppressedBefore);
        if (raised.isEmpty()) {
            return Uni.createFrom().completionStage(message.ack());
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (C2Alert alert : raised) {
            chain = chain.chain(() -> publish(alert));
        }
        return chain.onItem().transformToUni(x -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().invoke(failure -> {
                    // Neither acked nor nacked: the offset is not committed, the channel turns unhealthy, and the
                    // replay after the restart publishes the alert again.
                    metrics.publishFailed();
                    Log.errorf(failure, "Could not publish alerts for hubble-flows %d@%d; not acknowledging it",
                            record.getPartition(), record.getOffset());
                })
                .onFailure().recoverWithItem((Void) null);
    }

    private Uni<Void> publish(C2Alert alert) {
        String json;
        try {
            json = Contracts.C2_ALERT.write(alert);
        } catch (ContractViolation e) {
            // e.g. a namespace that is not a DNS label: nothing a retry would fix
            Log.errorf("Alert %s does not satisfy the c2-alert contract, not published: %s", alert.id(),
                    e.getMessage());
            return Uni.createFrom().voidItem();
        }
        Message<String> out = Message.of(json)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(alert.key()).build());
        return alerts.sendMessage(out)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                .invoke(() -> {
                    metrics.published(alert.detector(), alert.revision());
                    Log.infof("C2 alert %s revision %d: %s", alert.id(), alert.revision(), alert.reason());
                });
    }

    /**
     * The flow a record carries, or null for another Hubble event (node status, lost events) that is fine but has
     * nothing to detect.
     *
     * @throws UnusableFlowRecord when the record is not a Hubble flow at all
     */
    public static FlowSummary flowOf(String payload) {
        if (payload == null || payload.isBlank()) {
            throw new UnusableFlowRecord("empty", "empty record; " + FlowLines.EXPECTED_FORMAT);
        }
        FlowLine line;
        try {
            line = FlowLines.read(payload);
        } catch (HubbleJsonException e) {
            String kind = e.getMessage().startsWith("not valid JSON") ? "not-json"
                    : e.getMessage().startsWith("time '") ? "bad-time" : "not-a-flow";
            throw new UnusableFlowRecord(kind, e.getMessage());
        }
        if (line.kind() == EventKind.EMPTY) {
            throw new UnusableFlowRecord("not-a-flow", "JSON object with no Hubble flow in it (no \"flow\" and no "
                    + "flow fields); " + FlowLines.EXPECTED_FORMAT);
        }
        if (!line.isFlow()) {
            return null;
        }
        FlowSummary flow = line.flow();
        if (flow.timeNanos() == HubbleTime.NONE) {
            if (line.timeNanos() == HubbleTime.NONE) {
                throw new UnusableFlowRecord("no-time", "flow without a time: the detector's windows run on flow "
                        + "time");
            }
            return withTime(flow, line.timeNanos());
        }
        return flow;
    }

    private static FlowSummary withTime(FlowSummary f, long nanos) {
        return new FlowSummary(nanos, f.uuid(), f.verdict(), f.dropReasonDesc(), f.sourceIp(), f.destinationIp(),
                f.source(), f.destination(), f.nodeName(), f.l4Protocol(), f.icmpType(), f.icmpCode(), f.sourcePort(),
                f.destinationPort(), f.isReply(), f.trafficDirection(), f.flowType());
    }
}
