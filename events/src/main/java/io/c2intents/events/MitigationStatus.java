package io.c2intents.events;

/** Every step of a mitigation, in the order they usually happen. */
public enum MitigationStatus {
    /** The planner chose this action; with approval mode it waits here. */
    PLANNED,
    /** The action changed the cluster. */
    APPLIED,
    /** The flows show the action had its effect. */
    VERIFIED,
    /** The action could not be completed; the reason says why. */
    FAILED,
    /** The action was undone. */
    REVERTED,
    /** Nothing to do (already applied, dry-run, or a guardrail said no and that is fine). */
    SKIPPED,
    /** The request or intent was invalid or forbidden. */
    REJECTED
}
