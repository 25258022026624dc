package io.c2intents.events;

import java.time.Instant;
import java.util.List;

/**
 * One step of a mitigation, on {@code mitigation-events}, keyed like the request or alert it answers.
 *
 * @param schemaVersion payload version
 * @param eventId unique id of this event
 * @param requestId the request answered, or the alert id for intent-driven steps
 * @param incidentId the incident (one per pod under attack) this step belongs to
 * @param status PLANNED, APPLIED, VERIFIED, FAILED, REVERTED, SKIPPED or REJECTED
 * @param action registry address, e.g. {@code cilium:quarantine}
 * @param technique D3FEND id, e.g. {@code D3-NTF}
 * @param techniqueName D3FEND name, e.g. Network Traffic Filtering
 * @param target what was acted on
 * @param objects Kubernetes objects touched (or that would be, for a dry-run)
 * @param reason why, in plain words
 * @param intent the intent that drove it, if any
 * @param dryRun true when nothing was changed on purpose
 * @param at when the step ended
 * @param startedAt when the step started
 * @param durationMs how long it took
 */
public record MitigationEvent(int schemaVersion, String eventId, String requestId, String incidentId,
        MitigationStatus status, String action, String technique, String techniqueName, Target target,
        List<TouchedObject> objects, String reason, String intent, boolean dryRun, Instant at, Instant startedAt,
        long durationMs) {

    public static final int SCHEMA_VERSION = 1;
    public static final String CONTRACT = "mitigation-event";

    public MitigationEvent {
        objects = objects == null ? List.of() : List.copyOf(objects);
    }
}
