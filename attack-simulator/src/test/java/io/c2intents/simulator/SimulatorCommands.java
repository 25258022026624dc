package io.c2intents.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.c2intents.events.Contracts;
import io.c2intents.events.EventJson;
import io.c2intents.events.SimulatorEvent;
import io.c2intents.events.Topics;
import io.c2intents.testsupport.TestKafka;
import io.c2intents.testsupport.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Sends commands the way the orchestrator does and awaits the simulator's outcomes. */
public final class SimulatorCommands {

    private SimulatorCommands() {
    }

    /** A command id no other test of this JVM uses (the broker is shared). */
    public static String uniqueId(String what) {
        return what + "-" + UUID.randomUUID();
    }

    /** A namespace no other test uses: DNS-1123, at most 63 characters. */
    public static String uniqueNamespace(String what) {
        return (what + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase();
    }

    /** A command payload with the given extra fields (name, value pairs). */
    public static String command(String commandId, String type, String... fields) {
        ObjectNode node = EventJson.MAPPER.createObjectNode()
                .put("schemaVersion", 1).put("commandId", commandId).put("type", type);
        for (int i = 0; i < fields.length; i += 2) {
            node.put(fields[i], fields[i + 1]);
        }
        return node.toString();
    }

    public static RecordMetadata send(String commandId, String payload) {
        return TestKafka.send(Topics.SIMULATOR_COMMANDS, commandId, payload);
    }

    /** Sends a command and waits for its outcome. */
    public static SimulatorEvent run(TopicReader events, String commandId, String payload, Duration timeout) {
        send(commandId, payload);
        return awaitOutcome(events, commandId, timeout);
    }

    public static SimulatorEvent awaitOutcome(TopicReader events, String commandId, Duration timeout) {
        ConsumerRecord<String, String> record = events.awaitOne(r -> Topics.SIMULATOR_EVENTS.equals(r.topic())
                && commandId.equals(r.key()), timeout);
        return Contracts.SIMULATOR_EVENT.read(record.value());
    }

    /** Every outcome published so far for the command. */
    public static List<SimulatorEvent> outcomes(TopicReader events, String commandId) {
        return events.records(r -> Topics.SIMULATOR_EVENTS.equals(r.topic()) && commandId.equals(r.key())).stream()
                .map(r -> Contracts.SIMULATOR_EVENT.read(r.value())).toList();
    }
}
