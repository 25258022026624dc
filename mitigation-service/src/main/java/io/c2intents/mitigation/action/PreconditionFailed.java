package io.c2intents.mitigation.action;

/** The cluster is not in a state the action can work from (pod missing, not running, no owner). Answered FAILED. */
public class PreconditionFailed extends RuntimeException {

    public PreconditionFailed(String message) {
        super(message);
    }
}
