package io.c2intents.orchestrator.view;

import io.c2intents.events.MitigationEvent;
import io.c2intents.events.MitigationStatus;

/**
 * The one rule for telling that the mitigation service closed an incident because a person lifted its quarantine
 * (mitigation-service README, "A person's revert wins"; its {@code OperatorRelease} states the same rule). Its answer
 * on {@code mitigation-events} is a REVERTED {@code cilium:quarantine} (or SKIPPED, when the quarantine was already
 * gone, deleted by hand before the reconcile put it back: the person's decision stands all the same), not dry-run,
 * that carries the incident's {@code incidentId} and {@code intent}, and whose
 * {@code requestId} is the person's request rather than the incident's alert: intent-driven steps (the lift after a
 * verified eradication, for one) carry the alert id, which always contains '/' ({@code namespace/pod/...}), while a
 * request id never can (the {@code mitigation-request} contract's pattern). A plain revert that no incident held
 * carries no intent, and its incident stays open (the reconcile puts the quarantine back); an approve's SKIPPED answer
 * names no action.
 * <p>
 * The reason ("quarantine lifted by operator request …") is for people and is not parsed: the fields above say it.
 */
public final class OperatorRelease {

    /** The action whose revert by a person closes an incident. */
    static final String QUARANTINE = Techniques.ACTIONS.get(Techniques.NTF);

    private OperatorRelease() {
    }

    /** Whether this step is the mitigation service closing its incident on a person's revert request. */
    public static boolean closesIncident(MitigationEvent event) {
        return (event.status() == MitigationStatus.REVERTED || event.status() == MitigationStatus.SKIPPED)
                && !event.dryRun()
                && QUARANTINE.equals(event.action())
                && event.incidentId() != null
                && event.intent() != null
                && event.requestId() != null && !event.requestId().isEmpty() && event.requestId().indexOf('/') < 0;
    }
}
