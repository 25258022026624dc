package io.c2intents.mitigation.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.c2intents.events.ContractViolation;
import io.c2intents.events.Contracts;
import io.c2intents.events.EventJson;
import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationMode;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.PodKey;
import io.c2intents.mitigation.action.InvalidRequest;
import io.c2intents.mitigation.incident.Approvals;
import io.c2intents.mitigation.incident.HeldQuarantines;
import io.c2intents.mitigation.incident.Incident;
import io.c2intents.mitigation.incident.IncidentRunner;
import io.c2intents.mitigation.service.ActionExecutor;
import io.c2intents.mitigation.service.Outcome;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads {@code mitigation-requests} and answers each record with one {@code mitigation-events} record, keyed like
 * the request. Payloads arrive as strings and are parsed here, so a bad one (not a request, unknown action, invalid
 * parameters) is answered REJECTED and nacked into {@code mitigation-requests-dlq} with the reason instead of
 * stopping the stream. The offset is acknowledged only after the outcome event is written, so a crash mid-action
 * replays the request (the actions are idempotent) rather than losing it. A revert of the quarantine an open incident
 * holds is a person's decision about that incident: the incident's runner carries it out and closes the incident, so
 * the reconcile does not put the quarantine back.
 */
@ApplicationScoped
public class MitigationRequestConsumer {

    /** The contract's request id pattern: a rejection names the request only when its id is a real one. */
    private static final Pattern REQUEST_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}\\z");
    private static final Pattern ACTION = Pattern.compile("^[a-z0-9-]+:[a-z0-9-]+\\z");

    private final ActionExecutor executor;
    private final MitigationEventPublisher publisher;
    private final Approvals approvals;
    private final HeldQuarantines held;
    private final IncidentRunner incidents;

    public MitigationRequestConsumer(ActionExecutor executor, MitigationEventPublisher publisher,
            Approvals approvals, HeldQuarantines held, IncidentRunner incidents) {
        this.executor = executor;
        this.publisher = publisher;
        this.approvals = approvals;
        this.held = held;
        this.incidents = incidents;
    }

    @Incoming(Channels.REQUESTS)
    public Uni<Void> consume(Message<String> record) {
        String key = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getKey() == null ? null : m.getKey().toString()).orElse(null);
        MitigationRequest request;
        try {
            request = Contracts.MITIGATION_REQUEST.read(record.getPayload());
        } catch (ContractViolation e) {
            return rejectMalformed(record, key, e);
        }
        String eventKey = key != null ? key : keyOf(request);
        if (request.mode() == MitigationMode.APPROVE) {
            // approvals belong to the intents' plans, not to the registry: one consumer of the topic, two handlers
            return approvals.handle(record, eventKey, request);
        }
        Incident holder = held.holderOf(request).orElse(null);
        Uni<Outcome> answered = holder != null
                ? incidents.release(holder, request) // writes its own answer, keyed by the incident's pod
                : executor.execute(request).call(outcome -> publisher.publish(eventKey, outcome.event()));
        return answered
                .chain(outcome -> settle(record, outcome))
                .onFailure().recoverWithUni(e -> {
                    Log.errorf(e, "cannot answer request %s", request.requestId());
                    return nack(record, new IllegalStateException("cannot publish the outcome: " + e.getMessage(), e));
                });
    }

    private static Uni<Void> settle(Message<String> record, Outcome outcome) {
        return outcome.deadLetter() ? nack(record, new InvalidRequest(outcome.deadLetterReason()))
                : Uni.createFrom().completionStage(record.ack());
    }

    private Uni<Void> rejectMalformed(Message<String> record, String key, ContractViolation violation) {
        JsonNode raw = readLoosely(record.getPayload());
        String requestId = matching(text(raw, "requestId"), REQUEST_ID);
        Instant now = Instant.now();
        MitigationEvent event = new MitigationEvent(MitigationEvent.SCHEMA_VERSION, "evt-" + UUID.randomUUID(),
                requestId, null, MitigationStatus.REJECTED, matching(text(raw, "action"), ACTION), null, null, null,
                List.of(), violation.getMessage(), null, false, now, now, 0);
        Log.infof("rejected malformed request %s (key %s): %s", requestId, key, violation.getMessage());
        return publisher.publish(key, event)
                .onFailure().invoke(e -> Log.errorf(e, "cannot publish the rejection of %s", key))
                .onItemOrFailure().transformToUni((ignored, failure) -> nack(record, violation));
    }

    /** Into the dead-letter topic, with the reason in its headers; the stream goes on. */
    private static Uni<Void> nack(Message<String> record, Throwable reason) {
        return Uni.createFrom().completionStage(record.nack(reason));
    }

    private static String keyOf(MitigationRequest request) {
        if (request.alert() != null) {
            return request.alert().key();
        }
        if (request.target() != null && request.target().namespace() != null) {
            return PodKey.of(request.target().namespace(), request.target().name());
        }
        return request.target() == null ? null : request.target().name();
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

    private static String matching(String value, Pattern pattern) {
        return value != null && pattern.matcher(value).matches() ? value : null;
    }
}
