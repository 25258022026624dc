package io.c2intents.mitigation.incident;

/**
 * Where an incident stands. The runner acts in CONTAIN, ERADICATE and LIFT; flows move VERIFY on; a person's revert
 * request closes it as RELEASED from any open phase that holds a quarantine.
 */
public enum Phase {
    /** Planned in approval mode: waits for an approve request naming the plan. */
    AWAITING_APPROVAL(true),
    /** The containment is to be applied. */
    CONTAIN(true),
    /** The eradication at the current level is to be applied. */
    ERADICATE(true),
    /** Eradication applied: waiting for the verification window of flow time without a C2 attempt. */
    VERIFY(true),
    /** Contained, nothing to eradicate (goal contain): held until the intent's duration ends. */
    HOLD(true),
    /** Eradication verified: the containment is to be lifted. */
    LIFT(true),
    /** Every eradication allowed failed or did not hold: the containment stays until a person decides. */
    STUCK(true),
    /** Eradication verified and the containment lifted. */
    RESOLVED(false),
    /**
     * A person lifted the containment with a revert request while the incident held it: closed by that decision, so
     * neither the reconcile nor a restart puts the quarantine back or resumes the incident.
     */
    RELEASED(false),
    /** The containment could not be applied (or was refused): nothing holds. */
    FAILED(false),
    /** Dry-run intent: the plan was published, nothing was changed. */
    DRY_RUN(false);

    private final boolean open;

    Phase(boolean open) {
        this.open = open;
    }

    public boolean open() {
        return open;
    }
}
