package io.c2intents.orchestrator.view;

import io.c2intents.events.MitigationStatus;
import io.c2intents.events.Target;
import java.time.Instant;
import java.util.List;

/**
 * One mitigation: the steps of one action on one target for one request, as the mitigation service published
 * them. Approve and revert name it by {@code id} (or by any of its event ids).
 *
 * @param id the id of its first step's event
 * @param requestId the request (or alert id, for intent-driven steps) it answers
 * @param incidentId the incident it belongs to
 * @param pod {@code namespace/pod} of the incident
 * @param action action address
 * @param technique D3FEND id
 * @param target what it acts on
 * @param intent the intent that drove it, if any
 * @param status its latest status
 * @param dryRun whether nothing was changed on purpose
 * @param updatedAt when the latest step ended
 * @param reason why the latest step ended as it did (the mitigation service's reason: why it was REJECTED or
 *        FAILED, what was applied)
 * @param eventIds every step's event id, oldest first
 */
public record MitigationSnapshot(String id, String requestId, String incidentId, String pod, String action,
        String technique, Target target, String intent, MitigationStatus status, boolean dryRun, Instant updatedAt,
        List<String> eventIds, String reason) {
}
