package io.c2intents.mitigation.incident;

import io.c2intents.events.C2Alert;
import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationStatus;
import io.c2intents.events.Target;
import io.c2intents.events.TouchedObject;
import io.c2intents.mitigation.planner.TechniqueOption;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The mitigation events the intents part writes itself (plans, verifications, skips, rejections), and the stamp it
 * puts on the events the executor answers with: the incident's alert id as {@code requestId} (the contract's rule for
 * intent-driven steps), the intent's name, and the reason prefixed with what the intent was doing.
 */
public final class IncidentEvents {

    private IncidentEvents() {
    }

    /** An executor's event, restated as a step of an incident. */
    public static MitigationEvent stamp(MitigationEvent event, Incident incident, String why) {
        return new MitigationEvent(event.schemaVersion(), event.eventId(), incident.alertId(), incident.id(),
                event.status(), event.action(), event.technique(), event.techniqueName(), event.target(),
                event.objects(), "intent " + incident.intentName() + ": " + why + ": " + event.reason(),
                incident.intentName(), event.dryRun(), event.at(), event.startedAt(), event.durationMs());
    }

    /** A step the intents part decided itself (VERIFIED, a failed verification, a plan). */
    public static MitigationEvent step(Incident incident, MitigationStatus status, TechniqueOption technique,
            List<TouchedObject> objects, String reason, boolean dryRun, Instant startedAt) {
        Instant now = Instant.now();
        return new MitigationEvent(MitigationEvent.SCHEMA_VERSION, eventId(), incident.alertId(), incident.id(),
                status, technique.action(), technique.techniqueId(), technique.techniqueName(), incident.target(),
                objects, "intent " + incident.intentName() + ": " + reason, incident.intentName(), dryRun, now,
                startedAt == null ? now : startedAt, elapsed(startedAt, now));
    }

    /** The answer to an alert that starts no incident: out of scope, rate-limited, no plan. */
    public static MitigationEvent alertOutcome(C2Alert alert, MitigationStatus status, String intent, String reason,
            Instant startedAt) {
        Instant now = Instant.now();
        return new MitigationEvent(MitigationEvent.SCHEMA_VERSION, eventId(), alert.id(), null, status, null, null,
                null, Target.pod(alert.pod().namespace(), alert.pod().name()), List.of(), reason, intent, false, now,
                startedAt, elapsed(startedAt, now));
    }

    /** The answer to a record that is not a usable alert or intent (it goes to the DLQ as well). */
    public static MitigationEvent rejected(String requestId, String intent, String reason) {
        Instant now = Instant.now();
        return new MitigationEvent(MitigationEvent.SCHEMA_VERSION, eventId(), requestId, null,
                MitigationStatus.REJECTED, null, null, null, null, List.of(), reason, intent, false, now, now, 0);
    }

    public static String eventId() {
        return "evt-" + UUID.randomUUID();
    }

    private static long elapsed(Instant startedAt, Instant now) {
        return startedAt == null ? 0 : Math.max(0, now.toEpochMilli() - startedAt.toEpochMilli());
    }
}
