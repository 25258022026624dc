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

    /**
     * The one outcome of a record, and why it is dead-lettered if it is.
     *
     * @param event the outcome to publish
     * @param key its record key
     * @param rejection the reason the record goes to the DLQ, or null when it is acknowledged
     */
    private record Answer(SimulatorEvent event, String key, RuntimeException rejection) {
    }

    @Incoming(Channels.COMMANDS)
    public Uni<Void> consume(Message<String> record) {
        String key = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getKey() == null ? null : m.getKey().toString()).orElse(null);
        // parsing too runs on a worker: schema validation is cheap, but not free, and never for the event loop
        return Uni.createFrom().item(() -> answer(record.getPayload(), key))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onItemOrFailure().transformToUni((answer, broke) -> {
                    if (broke != null) {
                        Log.errorf(broke, "the simulator broke on the record keyed %s", key);
                        return nack(record, broke);
                    }
                    return publish(answer.event(), answer.key()).onItemOrFailure().transformToUni((ok, failure) -> {
                        if (answer.rejection() != null) {
                            if (failure != null) {
                                Log.errorf(failure, "cannot publish the rejection of %s", answer.key());
                            }
                            return deadLetter(record, answer);
                        }
                        if (failure != null) {
                            return nack(record, new IllegalStateException("cannot publish the outcome: "
                                    + failure.getMessage(), failure));
                        }
                        return Uni.createFrom().completionStage(record.ack());
                    });
                });
    }

    /** Blocking: parses, runs the command, and says how it ended. */
    private Answer answer(String payload, String key) {
        SimulatorCommand command;
        try {
            command = Contracts.SIMULATOR_COMMAND.read(payload);
        } catch (ContractViolation e) {
            return reject(payload, key, e);
        }
        try {
            return new Answer(service.handle(command), command.commandId(), null);
        } catch (InvalidCommand e) {
            return reject(payload, key, e);
        }
    }

    private Answer reject(String payload, String key, RuntimeException reason) {
        JsonNode raw = readLoosely(payload);
        String commandId = text(raw, "commandId");
        if (commandId == null || !COMMAND_ID.matcher(commandId).matches()) {
            commandId = key != null && COMMAND_ID.matcher(key).matches() ? key : null;
        }
        Log.warnf("rejected command %s: %s", commandId, reason.getMessage());
        SimulatorEvent event = new SimulatorEvent(SimulatorEvent.SCHEMA_VERSION, commandId, typeOf(text(raw, "type")),
                SimulatorOutcome.REJECTED, Instant.now(), reason.getMessage(), Map.of());
        return new Answer(event, commandId != null ? commandId : key, reason);
    }

    /**
     * A rejected record into the dead-letter topic. When Kafka will not take the dead letter (a command close to the
     * broker's 1 MB limit no longer fits once SmallRye adds its headers: RecordTooLargeException), the record is
     * acknowledged anyway, its rejection being on {@code simulator-events} and in the log: a failed nack would stop
     * the command stream, and the same record would stop it again after every restart.
     */
    private static Uni<Void> deadLetter(Message<String> record, Answer answer) {
        return nack(record, answer.rejection()).onFailure().recoverWithUni(failure -> {
            Log.errorf("command %s (%d characters) was rejected (%s) but cannot be dead-lettered: %s; acknowledged"
                    + " so that the next commands run", answer.key(), record.getPayload() == null ? 0
                    : record.getPayload().length(), answer.rejection().getMessage(), failure.toString());
            return Uni.createFrom().completionStage(record.ack());
        });
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
