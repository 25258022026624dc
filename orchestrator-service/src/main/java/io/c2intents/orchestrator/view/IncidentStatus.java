package io.c2intents.orchestrator.view;

/** Where an incident stands, from its alerts and mitigation steps. */
public enum IncidentStatus {
    /** C2 contact seen; nothing has contained it yet. */
    OPEN,
    /** The pod is quarantined (D3-NTF applied and not reverted). */
    CONTAINED,
    /** The pod is gone (terminated, its workload deleted, its node drained) or eradication was verified. */
    RESOLVED
}
