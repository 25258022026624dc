package io.c2intents.mitigation.incident;

import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationRequest;
import io.c2intents.events.MitigationStatus;
import io.c2intents.mitigation.action.InvalidRequest;
import io.c2intents.mitigation.kafka.MitigationEventPublisher;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Approve requests ({@code mode: approve} on {@code mitigation-requests}, routed here by the part-1 request consumer
 * so the topic keeps one consumer): the {@code reference} names a plan waiting for approval, by the PLANNED event's
 * id, the incident id or the alert id. A reference no waiting plan answers to is REJECTED and dead-lettered; a plan
 * already under way is answered SKIPPED. The request is acknowledged once the steps it let go are written.
 */
@ApplicationScoped
public class Approvals {

    private final IncidentRegistry registry;
    private final IncidentRunner runner;
    private final MitigationEventPublisher publisher;

    public Approvals(IncidentRegistry registry, IncidentRunner runner, MitigationEventPublisher publisher) {
        this.registry = registry;
        this.runner = runner;
        this.publisher = publisher;
    }

    /** Answers one approve request and settles its record. */
    public Uni<Void> handle(Message<String> record, String key, MitigationRequest request) {
        Incident incident = registry.find(request.reference()).orElse(null);
        if (incident == null) {
            String reason = "approve: no plan waits for approval under reference '" + request.reference() + "'";
            Log.infof("rejected approve %s: %s", request.requestId(), reason);
            return publisher.publish(key, answer(request, MitigationStatus.REJECTED, reason, null))
                    .onItemOrFailure().transformToUni((x, f) -> Uni.createFrom().completionStage(
                            record.nack(new InvalidRequest(reason))));
        }
        if (incident.phase() != Phase.AWAITING_APPROVAL) {
            return publisher.publish(incident.podKey(), answer(request, MitigationStatus.SKIPPED, "approve: plan "
                    + incident.planEventId() + " of " + incident.id() + " needs no approval now (" + incident.phase()
                    .name().toLowerCase() + ")", incident))
                    .chain(() -> Uni.createFrom().completionStage(record.ack()));
        }
        return runner.approved(incident, request)
                .chain(() -> Uni.createFrom().completionStage(record.ack()))
                .onFailure().recoverWithUni(e -> {
                    Log.errorf(e, "cannot carry out approval %s", request.requestId());
                    return Uni.createFrom().completionStage(record.nack(e));
                });
    }

    /**
     * The answer to an approve request. It names no action or technique, even when the request (built from a PLANNED
     * step, which names its first technique) does: an approval acts on a plan, and a SKIPPED {@code cilium:quarantine}
     * with the incident's id and intent and a person's request id is the close of a released incident
     * ({@link io.c2intents.events.OperatorRelease}).
     */
    private static MitigationEvent answer(MitigationRequest request, MitigationStatus status, String reason,
            Incident incident) {
        Instant now = Instant.now();
        return new MitigationEvent(MitigationEvent.SCHEMA_VERSION, IncidentEvents.eventId(), request.requestId(),
                incident != null ? incident.id() : request.incidentId(), status, null, null, null,
                incident != null ? incident.target() : request.target(), List.of(), reason,
                incident != null ? incident.intentName() : null, false, now, now, 0);
    }
}
