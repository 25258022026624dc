package io.c2intents.mitigation;

import io.c2intents.events.Contracts;
import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.Target;
import io.c2intents.events.Topics;
import io.c2intents.testsupport.TestKafka;
import io.c2intents.testsupport.TopicReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Sends mitigation requests as the orchestrator does (through the contract, keyed by the incident's pod) and waits
 * for the events answering them. Every request gets a fresh id, because the broker is shared by every test class.
 */
public final class Requests implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final TopicReader events = TestKafka.read(Topics.MITIGATION_EVENTS);
    private final TopicReader deadLetters = TestKafka.read(Topics.dlq(Topics.MITIGATION_REQUESTS));

    public static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public static MitigationRequest request(MitigationMode mode, String action, Target target,
            Map<String, String> parameters) {
        return new MitigationRequest(MitigationRequest.SCHEMA_VERSION, newId("req"), mode, action, null, target,
                parameters, "inc-" + UUID.randomUUID(), null, null, "test", Instant.now());
    }

    /** Sends the request keyed by its target pod and waits for the one event answering it. */
    public MitigationEvent send(MitigationRequest request) {
        String key = request.target() == null ? null
                : request.target().namespace() == null ? request.target().name()
                        : request.target().namespace() + "/" + request.target().name();
        return sendRaw(key, Contracts.MITIGATION_REQUEST.write(request), request.requestId());
    }

    public MitigationEvent apply(String action, Target target, Map<String, String> parameters) {
        return send(request(MitigationMode.APPLY, action, target, parameters));
    }

    public MitigationEvent revert(String action, Target target) {
        return send(request(MitigationMode.REVERT, action, target, Map.of()));
    }

    /** Sends any payload and waits for the event carrying {@code requestId}. */
    public MitigationEvent sendRaw(String key, String payload, String requestId) {
        TestKafka.send(Topics.MITIGATION_REQUESTS, key, payload);
        return awaitEvent(requestId);
    }

    public MitigationEvent awaitEvent(String requestId) {
        ConsumerRecord<String, String> record = events.awaitOne(
                r -> r.value() != null && r.value().contains("\"requestId\":\"" + requestId + "\""), TIMEOUT);
        return Contracts.MITIGATION_EVENT.read(record.value());
    }

    /** The events keyed {@code key} so far and then, waiting, at least {@code count}. */
    public List<ConsumerRecord<String, String>> awaitEventsKeyed(String key, int count) {
        return events.await(r -> key.equals(r.key()), count, TIMEOUT);
    }

    /** The dead-letter record keyed {@code key}, waiting for it. */
    public ConsumerRecord<String, String> awaitDeadLetter(String key) {
        return deadLetters.awaitOne(r -> key.equals(r.key()), TIMEOUT);
    }

    public List<ConsumerRecord<String, String>> deadLetters() {
        return deadLetters.records();
    }

    @Override
    public void close() {
        events.close();
        deadLetters.close();
    }
}
