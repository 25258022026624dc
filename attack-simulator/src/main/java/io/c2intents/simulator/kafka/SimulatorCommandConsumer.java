package io.c2intents.simulator.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.c2intents.events.ContractViolation;
import io.c2intents.events.Contracts;
import io.c2intents.events.EventJson;
import io.c2intents.events.SimulatorCommand;
import io.c2intents.events.SimulatorCommandType;
import io.c2intents.events.SimulatorEvent;
import io.c2intents.events.SimulatorOutcome;
import io.c2intents.simulator.service.InvalidCommand;
import io.c2intents.simulator.service.SimulatorService;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads {@code simulator-commands} and answers each record with exactly one {@code simulator-events} record keyed by
 * the command id. Payloads arrive as strings and are parsed here, so a bad one is rejected (event + nack into
 * {@code simulator-commands-dlq} with the reason) instead of stopping the stream. The offset is acknowledged only
 * after the outcome event is written, so a crash mid-command replays the command rather than losing it.
 */
@ApplicationScoped
public class SimulatorCommandConsumer {

    /** The contract's command id pattern: a rejected event names the command only when its id is a real one. */
    private static final Pattern COMMAND_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}\\z");

    private final SimulatorService service;
    private final MutinyEmitter<String> events;
    private final MeterRegistry registry;

    public SimulatorCommandConsumer(SimulatorService service, @Channel(Channels.EVENTS) MutinyEmitter<String> events,
            MeterRegistry registry) {
        this.service = service;
        this.events = events;
        this.registry = registry;
    }

    @Incoming(Channels.COMMANDS)
    public Uni<Void> consume(Message<String> record) {
        String key = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getKey() == null ? null : m.getKey().toString()).orElse(null);
        SimulatorCommand command;
        try {
            command = Contracts.SIMULATOR_COMMAND.read(record.getPayload());
        } catch (ContractViolation e) {
            return reject(record, key, e);
        }
        return Uni.createFrom().item(() -> service.handle(command))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onItemOrFailure().transformToUni((event, failure) -> {
                    if (failure instanceof InvalidCommand invalid) {
                        return reject(record, key, invalid);
                    }
                    if (failure != null) {
                        return nack(record, failure);
                    }
                    return publish(event, command.commandId())
                            .chain(() -> Uni.createFrom().completionStage(record.ack()))
                            .onFailure().recoverWithUni(e -> nack(record,
                                    new IllegalStateException("cannot publish the outcome: " + e.getMessage(), e)));
                });
    }

    private Uni<Void> reject(Message<String> record, String key, RuntimeException reason) {
        JsonNode raw = readLoosely(record.getPayload());
        String commandId = text(raw, "commandId");
        if (commandId == null || !COMMAND_ID.matcher(commandId).matches()) {
            commandId = key != null && COMMAND_ID.matcher(key).matches() ? key : null;
        }
        SimulatorCommandType type = typeOf(text(raw, "type"));
        Log.warnf("rejected command %s: %s", commandId, reason.getMessage());
        SimulatorEvent event = new SimulatorEvent(SimulatorEvent.SCHEMA_VERSION, commandId, type,
                SimulatorOutcome.REJECTED, Instant.now(), reason.getMessage(), Map.of());
        return publish(event, commandId != null ? commandId : key)
                .onFailure().invoke(e -> Log.errorf(e, "cannot publish the rejection of %s", key))
                .onItemOrFailure().transformToUni((ignored, failure) -> nack(record, reason));
    }

    /** Into the dead-letter topic, with the reason in its headers; the stream goes on. */
    private static Uni<Void> nack(Message<String> record, Throwable reason) {
        return Uni.createFrom().completionStage(record.nack(reason));
    }

    private Uni<Void> publish(SimulatorEvent event, String key) {
        registry.counter("simulator.commands", "type", event.type() == null ? "unknown" : event.type().name().toLowerCase(),
                "outcome", event.outcome().name().toLowerCase()).increment();
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build();
        return events.sendMessage(Message.of(Contracts.SIMULATOR_EVENT.write(event)).addMetadata(metadata));
    }

    private static JsonNode readLoosely(String payload) {
        try {
            return payload == null ? null : EventJson.MAPPER.readTree(payload);
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        return node != null && node.isObject() && node.path(field).isTextual() ? node.get(field).asText() : null;
    }

    private static SimulatorCommandType typeOf(String type) {
        return Arrays.stream(SimulatorCommandType.values()).filter(t -> t.name().equalsIgnoreCase(type)).findFirst()
                .orElse(null);
    }
}
