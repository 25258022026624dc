package io.c2intents.orchestrator.kafka;

import io.c2intents.events.C2Alert;
import io.c2intents.events.Contracts;
import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.SecurityIntent;
import io.c2intents.events.SimulatorEvent;
import io.c2intents.events.Topics;
import io.c2intents.orchestrator.view.AlertView;
import io.c2intents.orchestrator.view.CommandView;
import io.c2intents.orchestrator.view.FlowView;
import io.c2intents.orchestrator.view.HubbleFlowParser;
import io.c2intents.orchestrator.view.IncidentView;
import io.c2intents.orchestrator.view.IntentView;
import io.c2intents.orchestrator.view.MitigationView;
import io.c2intents.orchestrator.service.ExperimentFollowUps;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Consumer;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Builds every view from the topics. Each channel reads its topic whole, from the earliest offset, through a
 * consumer group of its own per instance (see {@code application.properties}), so a restarted orchestrator
 * rebuilds the same views. Payloads arrive as strings and are parsed here: a record that cannot be read is
 * nacked with the reason (to {@code <topic>-dlq} where the topic has one) and the view goes on. Offsets are never
 * committed, so a reconnect or rebalance reads a topic again from its start: records at a topic-partition offset
 * already read are acknowledged and skipped, which keeps every view free of duplicates and in its order.
 */
@ApplicationScoped
public class ViewUpdater {

    private final FlowView flows;
    private final AlertView alerts;
    private final IncidentView incidents;
    private final MitigationView mitigations;
    private final CommandView commands;
    private final IntentView intents;
    private final MeterRegistry registry;
    private final ExperimentFollowUps followUps;
    private final ReadPositions positions = new ReadPositions();

    public ViewUpdater(FlowView flows, AlertView alerts, IncidentView incidents, MitigationView mitigations,
            CommandView commands, IntentView intents, MeterRegistry registry, ExperimentFollowUps followUps) {
        this.flows = flows;
        this.alerts = alerts;
        this.incidents = incidents;
        this.mitigations = mitigations;
        this.commands = commands;
        this.intents = intents;
        this.registry = registry;
        this.followUps = followUps;
    }

    @Incoming(Channels.FLOWS_IN)
    public Uni<Void> onFlow(KafkaRecord<String, String> record) {
        return handle(Topics.HUBBLE_FLOWS, record,
                r -> flows.add(HubbleFlowParser.parse(flows.nextSeq(), r.getKey(), r.getPayload())));
    }

    @Incoming(Channels.ALERTS_IN)
    public Uni<Void> onAlert(KafkaRecord<String, String> record) {
        return handle(Topics.C2_ALERTS, record, r -> {
            C2Alert alert = Contracts.C2_ALERT.read(r.getPayload());
            alerts.add(alert);
            incidents.onAlert(alert);
        });
    }

    @Incoming(Channels.SIMULATOR_EVENTS_IN)
    public Uni<Void> onSimulatorEvent(KafkaRecord<String, String> record) {
        return handle(Topics.SIMULATOR_EVENTS, record, r -> {
            SimulatorEvent event = Contracts.SIMULATOR_EVENT.read(r.getPayload());
            commands.ended(event);
            followUps.onOutcome(event);
        });
    }

    @Incoming(Channels.MITIGATION_REQUESTS_IN)
    public Uni<Void> onMitigationRequest(KafkaRecord<String, String> record) {
        return handle(Topics.MITIGATION_REQUESTS, record, r -> {
            MitigationRequest request = Contracts.MITIGATION_REQUEST.read(r.getPayload());
            incidents.onRequest(r.getKey(), request);
        });
    }

    @Incoming(Channels.MITIGATION_EVENTS_IN)
    public Uni<Void> onMitigationEvent(KafkaRecord<String, String> record) {
        return handle(Topics.MITIGATION_EVENTS, record, r -> {
            MitigationEvent event = Contracts.MITIGATION_EVENT.read(r.getPayload());
            mitigations.add(r.getKey(), event);
            incidents.onMitigation(r.getKey(), event);
        });
    }

    @Incoming(Channels.INTENTS_IN)
    public Uni<Void> onIntent(KafkaRecord<String, String> record) {
        return handle(Topics.SECURITY_INTENTS, record, r -> {
            if (r.getKey() == null || r.getKey().isBlank()) {
                throw new IllegalArgumentException("key: missing, intents are keyed by name");
            }
            if (r.getPayload() == null) {
                intents.delete(r.getKey());
                return;
            }
            SecurityIntent intent = Contracts.SECURITY_INTENT.read(r.getPayload());
            if (!intent.name().equals(r.getKey())) {
                throw new IllegalArgumentException("$.name: '" + intent.name() + "' differs from the record key '"
                        + r.getKey() + "'");
            }
            intents.put(intent);
        });
    }

    private Uni<Void> handle(String topic, KafkaRecord<String, String> record,
            Consumer<KafkaRecord<String, String>> update) {
        IncomingKafkaRecordMetadata<?, ?> at = record.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        if (at != null && !positions.firstRead(at.getTopic(), at.getPartition(), at.getOffset())) {
            // read again after a reconnect or rebalance: already in the views (or already dead-lettered)
            registry.counter("orchestrator.records.reread", "topic", topic).increment();
            return Uni.createFrom().completionStage(record.ack());
        }
        try {
            update.accept(record);
        } catch (RuntimeException e) {
            registry.counter("orchestrator.records.rejected", "topic", topic).increment();
            String offset = at == null ? "?" : at.getPartition() + "/" + at.getOffset();
            Log.warnf("%s record at %s (key %s) rejected: %s", topic, offset, record.getKey(), e.getMessage());
            return Uni.createFrom().completionStage(record.nack(e));
        }
        registry.counter("orchestrator.records.consumed", "topic", topic).increment();
        return Uni.createFrom().completionStage(record.ack());
    }
}
