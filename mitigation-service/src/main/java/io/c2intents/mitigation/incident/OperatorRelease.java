package io.c2intents.mitigation.incident;

import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationStatus;
import io.c2intents.mitigation.action.cilium.QuarantineAction;

/**
 * The one rule for the step that closes an incident because a person's revert request lifted its quarantine (README,
 * "A person's revert wins"): the runner closes the incident only on an answer this rule recognises, and a rebuild
 * closes it on the same answer read back from {@code mitigation-events}. The orchestrator's {@code OperatorRelease}
 * states the same rule. The answer is a REVERTED {@code cilium:quarantine} (or SKIPPED, when the quarantine was
 * already gone, deleted by hand before the reconcile put it back: nothing holds either way), not dry-run, carrying
 * the incident's {@code incidentId} and {@code intent}, whose {@code requestId} is the person's request: intent-driven
 * steps carry the alert id, which always contains '/' ({@code namespace/pod/...}), and a request id never can (the
 * {@code mitigation-request} contract's pattern). An approve's answer names no action ({@link Approvals}), so its
 * SKIPPED is not taken for one.
 */
public final class OperatorRelease {

    private OperatorRelease() {
    }

    /** Whether this step is a person's revert request closing its incident. */
    public static boolean closesIncident(MitigationEvent event) {
        return (event.status() == MitigationStatus.REVERTED || event.status() == MitigationStatus.SKIPPED)
                && !event.dryRun()
                && QuarantineAction.ADDRESS.equals(event.action())
                && event.incidentId() != null
                && event.intent() != null
                && event.requestId() != null && !event.requestId().isEmpty() && event.requestId().indexOf('/') < 0;
    }
}
