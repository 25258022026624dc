package io.c2intents.orchestrator.view;

/**
 * Where an incident stands, from its alerts, its mitigation steps and whether its pod still exists. Only OPEN and
 * CONTAINED count as infected; RESOLVED, RELEASED and GONE are closed, kept as history.
 */
public enum IncidentStatus {
    /** C2 contact seen; nothing has contained it yet. */
    OPEN,
    /** The pod is quarantined (D3-NTF applied and not reverted). */
    CONTAINED,
    /** The pod is gone (terminated, its workload deleted, its node drained) or eradication was verified. */
    RESOLVED,
    /**
     * Closed by a person: their revert request lifted the quarantine the incident held, and the mitigation service
     * closed the incident on it (see {@link io.c2intents.events.OperatorRelease}); nothing restores or resumes it. Not infected, not
     * quarantined; a later alert (flows after the release) opens a new incident.
     */
    RELEASED,
    /**
     * The pod no longer exists in the cluster, with no mitigation step that removed it (for example an incident of
     * an earlier run read back from Kafka): kept as history, no longer infected.
     */
    GONE;

    /** Whether the incident's pod counts as infected now: OPEN or CONTAINED. */
    public boolean infected() {
        return this == OPEN || this == CONTAINED;
    }
}
