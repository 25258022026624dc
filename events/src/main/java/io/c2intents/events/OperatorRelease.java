package io.c2intents.events;

/**
 * The one rule for the {@code mitigation-events} step that closes an incident because a person's revert request lifted
 * its quarantine (mitigation-service README, "A person's revert wins"). The mitigation service closes the incident
 * only on an answer this rule recognises and rebuilds it closed from the same answer; the orchestrator shows it
 * RELEASED on it. Both read this class, so they cannot drift.
 * <p>
 * The answer is a REVERTED {@code cilium:quarantine} (or SKIPPED, when the quarantine was already gone, deleted by
 * hand before the reconcile put it back: nothing holds either way), not dry-run, carrying the incident's
 * {@code incidentId} and {@code intent}, whose {@code requestId} is the person's request: intent-driven steps (the
 * lift after a verified eradication, for one) carry the alert id, which always contains '/' ({@code namespace/pod/...}),
 * and a request id never can (the {@code mitigation-request} contract's pattern). A plain revert that no incident held
 * carries no intent; an approve's answer names no action, so its SKIPPED is not taken for one. The reason ("quarantine
 * lifted by operator request ...") is for people and is not parsed.
 */
public final class OperatorRelease {

    private OperatorRelease() {
    }

    /** Whether this step is a person's revert request closing its incident. */
    public static boolean closesIncident(MitigationEvent event) {
        return (event.status() == MitigationStatus.REVERTED || event.status() == MitigationStatus.SKIPPED)
                && !event.dryRun()
                && MitigationRules.QUARANTINE.equals(event.action())
                && event.incidentId() != null
                && event.intent() != null
                && event.requestId() != null && !event.requestId().isEmpty() && event.requestId().indexOf('/') < 0;
    }
}
