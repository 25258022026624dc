package io.c2intents.mitigation.planner;

/**
 * What a technique does for a goal. D3FEND files Network Traffic Filtering under Isolate and File Eviction or Process
 * Termination under Evict; the planner needs the same split: a containment holds while eradication is verified and
 * is lifted afterwards, an eradication removes the cause and is what verification checks.
 */
public enum Role {
    /** Cuts the pod off while the cause is removed; reverted once eradication is verified. */
    CONTAIN,
    /** Removes the cause; tried cheapest first, the next one is the escalation when C2 comes back. */
    ERADICATE
}
