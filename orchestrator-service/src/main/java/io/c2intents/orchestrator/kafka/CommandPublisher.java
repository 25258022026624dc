package io.c2intents.orchestrator.kafka;

import io.c2intents.events.Contracts;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.SecurityIntent;
import io.c2intents.events.SimulatorCommand;
import io.c2intents.events.Topics;
import io.c2intents.orchestrator.config.OrchestratorConfig;
import io.c2intents.orchestrator.rest.ApiProblem;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Everything the orchestrator asks of the rest of the system goes out here, checked against its contract
 * first. Each Uni completes once the broker has the record, or fails with a 503 {@link ApiProblem} (Kafka
 * unreachable) when the broker has not taken it within {@code orchestrator.kafka-timeout}.
 */
@ApplicationScoped
public class CommandPublisher {

    private final MutinyEmitter<Record<String, String>> simulatorCommands;
    private final MutinyEmitter<Record<String, String>> mitigationRequests;
    private final MutinyEmitter<Record<String, String>> intents;
    private final MeterRegistry registry;
    private final Duration timeout;
    private final String bootstrap;

    public CommandPublisher(
            @Channel(Channels.SIMULATOR_COMMANDS_OUT) MutinyEmitter<Record<String, String>> simulatorCommands,
            @Channel(Channels.MITIGATION_REQUESTS_OUT) MutinyEmitter<Record<String, String>> mitigationRequests,
            @Channel(Channels.INTENTS_OUT) MutinyEmitter<Record<String, String>> intents,
            MeterRegistry registry, OrchestratorConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrap) {
        this.timeout = config.kafkaTimeout();
        this.bootstrap = bootstrap;
        this.simulatorCommands = simulatorCommands;
        this.mitigationRequests = mitigationRequests;
        this.intents = intents;
        this.registry = registry;
    }

    /** Keyed by the command id. */
    public Uni<Void> send(SimulatorCommand command) {
        String json = Contracts.SIMULATOR_COMMAND.write(command);
        return sent(Topics.SIMULATOR_COMMANDS, simulatorCommands.send(Record.of(command.commandId(), json)))
                .invoke(() -> Log.infof("sent %s command %s", command.type(), command.commandId()));
    }

    /** Keyed by the incident's pod ({@code namespace/pod}). */
    public Uni<Void> send(String podKey, MitigationRequest request) {
        String json = Contracts.MITIGATION_REQUEST.write(request);
        return sent(Topics.MITIGATION_REQUESTS, mitigationRequests.send(Record.of(podKey, json)))
                .invoke(() -> Log.infof("sent mitigation request %s (%s %s) for %s", request.requestId(),
                        request.mode(), request.action() != null ? request.action() : request.technique(), podKey));
    }

    /** Keyed by the intent's name, on the compacted topic. */
    public Uni<Void> declare(SecurityIntent intent) {
        String json = Contracts.SECURITY_INTENT.write(intent);
        return sent(Topics.SECURITY_INTENTS, intents.send(Record.of(intent.name(), json)))
                .invoke(() -> Log.infof("declared intent %s", intent.name()));
    }

    /** A tombstone: compaction then forgets the intent. */
    public Uni<Void> withdraw(String name) {
        return sent(Topics.SECURITY_INTENTS, intents.send(Record.of(name, null)))
                .invoke(() -> Log.infof("withdrew intent %s", name));
    }

    private Uni<Void> sent(String topic, Uni<Void> send) {
        return send
                .ifNoItem().after(timeout).failWith(() -> new java.util.concurrent.TimeoutException(
                        "no answer within " + timeout.toSeconds() + "s"))
                .onFailure(e -> !(e instanceof ApiProblem)).transform(e -> unreachable(topic, e))
                .invoke(() -> registry.counter("orchestrator.records.sent", "topic", topic).increment());
    }

    private ApiProblem unreachable(String topic, Throwable cause) {
        registry.counter("orchestrator.records.failed", "topic", topic).increment();
        Log.warnf("could not send to %s within %s: %s", topic, timeout, cause.getMessage());
        return new ApiProblem(503, "kafka-unavailable", "Kafka unreachable", "Kafka (kafka.bootstrap.servers="
                + bootstrap + ") did not take the record for " + topic + " within " + timeout.toSeconds()
                + "s; the command is dropped, not queued: check that the broker is running and reachable, then retry",
                java.util.List.of());
    }
}
